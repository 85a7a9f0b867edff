/**
 * The exact shape `convertAnthropicRequestToOpenAI` produces: a narrow subset of
 * `OpenAIChatRequest` (no legacy roles, no `developer`, `reasoning_effort` limited to what we send),
 * plus the provider extensions we echo (`reasoning_content`, `reasoning_details`,
 * `extra_content.google.thought_signature`). Type aliases, not interfaces, so they stay assignable
 * to `OpenAIChatRequest` with its index signature.
 */
import type {
  OpenAIFilePart,
  OpenAIFunctionTool,
  OpenAIImagePart,
  OpenAITextPart,
  OpenAIToolCall,
  OpenAIToolChoice,
  OpenAIWebSearchOptions,
  OpenRouterServerToolChoice,
  OpenRouterWebSearchTool,
} from '../../protocols/openai/types.js';

export type ConvertedUserPart = OpenAITextPart | OpenAIImagePart | OpenAIFilePart;

export type ConvertedSystemMessage = { role: 'system'; content: string };

export type ConvertedUserMessage = { role: 'user'; content: string | ConvertedUserPart[] };

export type ConvertedAssistantMessage = {
  role: 'assistant';
  content: string | null;
  tool_calls?: OpenAIToolCall[];
  /** DeepSeek / Kimi / GLM / xAI: the reasoning of this turn, required back on tool turns. */
  reasoning_content?: string;
  /** OpenRouter: structured reasoning, verbatim. */
  reasoning_details?: unknown[];
};

export type ConvertedToolMessage = { role: 'tool'; tool_call_id: string; content: string };

export type ConvertedMessage =
  | ConvertedSystemMessage
  | ConvertedUserMessage
  | ConvertedAssistantMessage
  | ConvertedToolMessage;

export type ConvertedReasoningEffort = 'low' | 'medium' | 'high';

export type ConvertedResponseFormat =
  | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } }
  | { type: 'json_object' };

/** The request before web search is applied: function tools only (tool names are shortened on these). */
export type ConvertedRequestBody = {
  model: string;
  messages: ConvertedMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ConvertedResponseFormat;
  reasoning_effort?: ConvertedReasoningEffort;
  user?: string;
};

/** What a backend's own web search adds (convert-web-search-tool.ts). */
type ConvertedWebSearchFields = {
  /** OpenRouter's `openrouter:web_search` server tool rides beside the function tools. */
  tools?: Array<OpenAIFunctionTool | OpenRouterWebSearchTool>;
  tool_choice?: OpenAIToolChoice | OpenRouterServerToolChoice;
  /** OpenAI's search models. */
  web_search_options?: OpenAIWebSearchOptions;
};

/** Streaming requests always ask for usage in the last chunk (Anthropic clients need it). */
export type OpenAIChatRequestFromAnthropic = Omit<ConvertedRequestBody, 'tools' | 'tool_choice'> &
  ConvertedWebSearchFields &
  ({ stream: true; stream_options: { include_usage: true } } | { stream?: never; stream_options?: never });

/** What the answer's translators need to know of a request the backend was asked to search for. */
export interface WebSearchRequested {
  /** Reported as the `server_tool_use` input: an OpenAI-style answer does not say what was searched. */
  query: string;
  /**
   * The backend searches on every request (OpenAI's search models): an answer without citations
   * still reports its search, with an empty result (streams of these models may carry no annotations).
   */
  alwaysSearches: boolean;
}
