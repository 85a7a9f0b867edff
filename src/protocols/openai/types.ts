/**
 * OpenAI Chat Completions wire types, hand-written and minimal, plus the provider extensions the
 * proxy reads (DeepSeek/xAI/Z.ai `reasoning_content`, OpenRouter/Ollama `reasoning` and
 * `reasoning_details`, Gemini `extra_content.google.thought_signature`).
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */

export interface OpenAITextPart {
  type: 'text';
  text: string;
}

export interface OpenAIImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface OpenAIFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
}

export interface OpenAIAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}

export type OpenAIContentPart = OpenAITextPart | OpenAIImagePart | OpenAIFilePart | OpenAIAudioPart;

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  /** Gemini's OpenAI endpoint: the thought signature that must be sent back with the call. */
  extra_content?: { google?: { thought_signature?: string } };
}

export interface OpenAISystemMessage {
  role: 'system' | 'developer';
  content: string | OpenAITextPart[];
  name?: string;
}

export interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIContentPart[];
  name?: string;
}

export interface OpenAIAssistantMessage {
  role: 'assistant';
  content?: string | Array<OpenAITextPart | { type: 'refusal'; refusal: string }> | null;
  refusal?: string | null;
  tool_calls?: OpenAIToolCall[];
  /** Legacy single function call. */
  function_call?: { name: string; arguments: string } | null;
  name?: string;
  /** DeepSeek / Kimi / GLM: earlier reasoning, required back on tool turns. */
  reasoning_content?: string | null;
  /** OpenRouter: structured reasoning, to be sent back unchanged. */
  reasoning_details?: unknown[];
}

export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | OpenAITextPart[];
}

/** Legacy `role: "function"` message (before tools existed). */
export interface OpenAIFunctionMessage {
  role: 'function';
  name: string;
  content: string | null;
}

export type OpenAIMessage =
  | OpenAISystemMessage
  | OpenAIUserMessage
  | OpenAIAssistantMessage
  | OpenAIToolMessage
  | OpenAIFunctionMessage;

export interface OpenAIFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

export type OpenAIToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/** OpenRouter: forces a server tool by its type. @see https://openrouter.ai/docs/agent-sdk/typescript/api-reference/models/chatservertoolchoice */
export type OpenRouterServerToolChoice = { type: 'openrouter:web_search' };

export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean };
    };

export type OpenAIReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  n?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  /** Function tools, and provider server tools (OpenRouter's web search) beside them. */
  tools?: Array<OpenAIFunctionTool | OpenRouterWebSearchTool>;
  tool_choice?: OpenAIToolChoice | OpenRouterServerToolChoice;
  web_search_options?: OpenAIWebSearchOptions;
  parallel_tool_calls?: boolean;
  /** Legacy functions API. */
  functions?: Array<OpenAIFunctionTool['function']>;
  function_call?: 'auto' | 'none' | { name: string };
  response_format?: OpenAIResponseFormat;
  reasoning_effort?: OpenAIReasoningEffort;
  user?: string;
  /** OpenAI: routes requests with the same prefix to the same cache (Responses clients send one). */
  prompt_cache_key?: string;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  logit_bias?: Record<string, number>;
  metadata?: Record<string, string>;
  store?: boolean;
  service_tier?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Responses

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null; audio_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's cache accounting. */
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
}

export interface OpenAIResponseMessage {
  role: 'assistant';
  content: string | null | Array<{ type: string; text?: string; thinking?: unknown }>;
  refusal?: string | null;
  tool_calls?: Array<Partial<OpenAIToolCall> & { function?: { name?: string; arguments?: string } }> | null;
  function_call?: { name: string; arguments: string } | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: unknown[] | null;
  annotations?: unknown[];
}

/**
 * A web search citation on an answer (`message.annotations`, streamed as `delta.annotations`).
 * OpenRouter adds the cited page's `content`; some servers flatten the fields onto the annotation.
 * @see https://platform.openai.com/docs/api-reference/chat/object (choices.message.annotations)
 * @see https://openrouter.ai/docs/guides/features/server-tools/web-search
 */
export interface OpenAIUrlCitation {
  url: string;
  title?: string;
  content?: string;
  start_index?: number;
  end_index?: number;
}

export interface OpenAIUrlCitationAnnotation {
  type: 'url_citation';
  url_citation: OpenAIUrlCitation;
}

/**
 * `web_search_options` of OpenAI's search models.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-web_search_options
 */
export interface OpenAIWebSearchOptions {
  search_context_size?: 'low' | 'medium' | 'high';
  user_location?: {
    type: 'approximate';
    approximate: { city?: string; country?: string; region?: string; timezone?: string };
  } | null;
}

/**
 * OpenRouter's web search server tool, in `tools` beside function tools.
 * @see https://openrouter.ai/docs/guides/features/server-tools/web-search
 */
export interface OpenRouterWebSearchTool {
  type: 'openrouter:web_search';
  parameters?: {
    max_results?: number;
    max_total_results?: number;
    allowed_domains?: string[];
    excluded_domains?: string[];
    user_location?: { type: 'approximate'; city?: string; country?: string; region?: string; timezone?: string };
  };
}

export interface OpenAIChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: OpenAIResponseMessage;
    finish_reason: OpenAIFinishReason | string | null;
    /** vLLM: the matched stop string (or token id). */
    stop_reason?: string | number | null;
    logprobs?: unknown;
  }>;
  usage?: OpenAIUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

export interface OpenAIToolCallDelta {
  index?: number;
  id?: string | null;
  type?: 'function' | null;
  function?: { name?: string | null; arguments?: string | null } | null;
  extra_content?: { google?: { thought_signature?: string } } | null;
}

export interface OpenAIChunkDelta {
  role?: 'assistant' | string | null;
  /** Mistral sends an array of parts (text and `thinking`) instead of a string. */
  content?: string | null | Array<{ type: string; text?: string; thinking?: unknown }>;
  refusal?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
  function_call?: { name?: string; arguments?: string } | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: unknown[] | null;
  /** Web search citations, usually on the last content chunk (OpenRouter, OpenAI search models). */
  annotations?: unknown[] | null;
}

export interface OpenAIChatChunk {
  id: string;
  object: 'chat.completion.chunk' | string;
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: OpenAIChunkDelta;
    finish_reason: OpenAIFinishReason | string | null;
    stop_reason?: string | number | null;
    logprobs?: unknown;
  }>;
  usage?: OpenAIUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  /** Some providers (OpenRouter, Groq) put an error object inside a 200 stream. */
  error?: OpenAIErrorBody;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** @see https://platform.openai.com/docs/guides/error-codes */
export interface OpenAIErrorBody {
  message: string;
  type?: string | null;
  param?: string | null;
  code?: string | number | null;
  metadata?: unknown;
}

export interface OpenAIErrorEnvelope {
  error: OpenAIErrorBody;
}
