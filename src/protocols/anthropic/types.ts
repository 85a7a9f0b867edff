/**
 * Anthropic Messages API wire types, hand-written and minimal. Only what the proxy reads or writes
 * is typed; everything else passes as `unknown` so that new fields never break a request.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl | null;
  citations?: unknown[] | null;
}

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl | null;
}

export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: string; data: string }
  | { type: 'content'; content: string | AnthropicContentBlockParam[] }
  | { type: 'file'; file_id: string };

export interface AnthropicDocumentBlock {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string | null;
  context?: string | null;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | AnthropicContentBlockParam[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** A client-side tool search's result in a `tool_result`: the deferred tool it loads. */
export interface AnthropicToolReferenceBlock {
  type: 'tool_reference';
  tool_name: string;
}

/** Any block type this proxy does not know yet (server tools, search results, ...). */
export interface AnthropicUnknownBlock {
  type: string;
  [key: string]: unknown;
}

export type AnthropicContentBlockParam =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolReferenceBlock;

export interface AnthropicMessageParam {
  /** `system` appears mid-conversation with the `mid-conversation-system` beta (Claude Code). */
  role: 'user' | 'assistant' | 'system';
  content: string | Array<AnthropicContentBlockParam | AnthropicUnknownBlock>;
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  /** Server tools (`web_search_20250305`, ...) and typed client tools carry a `type`. */
  type?: string;
  cache_control?: AnthropicCacheControl | null;
  /** Tool search: left out of the model's context until a `tool_reference` loads it. */
  defer_loading?: boolean;
  [key: string]: unknown;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number; display?: string }
  | { type: 'adaptive'; display?: string }
  | { type: 'disabled' };

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface AnthropicOutputConfig {
  effort?: AnthropicEffort | string;
  format?: { type: 'json_schema'; schema: Record<string, unknown>; name?: string } | null;
}

export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens?: number;
  system?: string | AnthropicTextBlock[];
  metadata?: { user_id?: string | null } | null;
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  /** Automatic prompt caching: the breakpoint on the last cacheable block, moving forward each turn. */
  cache_control?: AnthropicCacheControl | null;
  context_management?: unknown;
  service_tier?: string;
  container?: unknown;
  mcp_servers?: unknown;
  [key: string]: unknown;
}

export interface AnthropicCountTokensRequest {
  model: string;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Responses

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/** Server tool calls of the turn; Claude Code shows "Did N searches" from `web_search_requests`. */
export interface AnthropicServerToolUsage {
  web_search_requests: number;
  web_fetch_requests?: number;
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  service_tier?: string | null;
  server_tool_use?: AnthropicServerToolUsage | null;
}

/**
 * One search hit. `encrypted_content` is opaque to clients, which send it back unchanged in later
 * turns. @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
 */
export interface AnthropicWebSearchResult {
  type: 'web_search_result';
  url: string;
  title: string;
  encrypted_content: string;
  page_age: string | null;
}

/** A text block's citation of a search result (`cited_text`: up to 150 characters of the source). */
export interface AnthropicWebSearchResultLocation {
  type: 'web_search_result_location';
  url: string;
  title: string | null;
  encrypted_index: string;
  cited_text: string;
}

/** The server's own tool call (`srvtoolu_` id); only `web_search` is produced by this proxy. */
export interface AnthropicServerToolUseBlock {
  type: 'server_tool_use';
  id: string;
  name: 'web_search';
  input: { query: string };
}

export interface AnthropicWebSearchToolResultBlock {
  type: 'web_search_tool_result';
  tool_use_id: string;
  content: AnthropicWebSearchResult[];
}

export type AnthropicResponseContentBlock =
  | { type: 'text'; text: string; citations?: unknown[] | null }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | AnthropicServerToolUseBlock
  | AnthropicWebSearchToolResultBlock;

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
  stop_details?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Streaming events

export type AnthropicContentBlockStart =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, never> }
  // The input follows as input_json_delta, like a tool_use's; the result block starts whole.
  | { type: 'server_tool_use'; id: string; name: 'web_search'; input: Record<string, never> }
  | AnthropicWebSearchToolResultBlock;

export type AnthropicContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown };

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlockStart }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null; stop_details?: unknown };
      usage: Partial<AnthropicUsage> & { output_tokens: number };
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorBody };

// ---------------------------------------------------------------------------------------------
// Errors

/** @see https://docs.anthropic.com/en/api/errors */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: AnthropicErrorType | string;
  message: string;
}

export interface AnthropicErrorEnvelope {
  type: 'error';
  error: AnthropicErrorBody;
  request_id?: string;
}
