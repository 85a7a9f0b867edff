/**
 * OpenAI Responses API wire types (`POST /v1/responses`), hand-written and minimal: what the
 * proxy reads or writes is typed, everything else passes as `unknown`, so a new field never
 * breaks a request. Shaped after what Codex CLI 0.169 sends (test/fixtures/clients/codex/NOTES.md)
 * and the recorded streams in test/fixtures/upstream/openai-responses/.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */

// ---------------------------------------------------------------------------------------------
// Request

export type ResponsesRole = 'user' | 'assistant' | 'system' | 'developer';

export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url?: string | null; file_id?: string | null; detail?: string }
  | { type: 'input_file'; file_data?: string; file_id?: string | null; file_url?: string; filename?: string }
  | { type: 'output_text'; text: string; annotations?: unknown[] }
  | { type: 'refusal'; refusal: string }
  | { type: string; [key: string]: unknown };

export interface ResponsesMessageItem {
  type?: 'message';
  id?: string;
  role: ResponsesRole;
  status?: string;
  content: string | ResponsesInputContent[];
  /** Codex marks an assistant message's phase (`commentary`, `final_answer`). */
  phase?: string;
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  /** A namespace tool's group (`multi_agent_v1`), when the call is of a namespaced tool. */
  namespace?: string;
  arguments: string;
  status?: string;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: string | ResponsesInputContent[];
  status?: string;
}

export interface ResponsesCustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  input: string;
  status?: string;
}

export interface ResponsesCustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id?: string;
  call_id: string;
  output: string | ResponsesInputContent[];
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id?: string;
  summary?: Array<{ type: 'summary_text'; text: string }>;
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  /** The backend's reasoning, carried statelessly (`include: ["reasoning.encrypted_content"]`). */
  encrypted_content?: string | null;
}

/** A compaction summary Codex carries to the next turn (remote compaction). */
export interface ResponsesCompactionItem {
  type: 'compaction';
  id?: string;
  encrypted_content?: string;
  [key: string]: unknown;
}

/** Any item type this proxy does not know yet. */
export interface ResponsesUnknownItem {
  type: string;
  [key: string]: unknown;
}

/** A tool search the model asked for (`arguments`: `{query, limit}`), and what the client found. */
export interface ResponsesToolSearchCallItem {
  type: 'tool_search_call';
  id?: string | null;
  call_id?: string | null;
  execution?: 'client' | 'server';
  arguments?: unknown;
  status?: string | null;
}

export interface ResponsesToolSearchOutputItem {
  type: 'tool_search_output';
  id?: string | null;
  call_id?: string | null;
  execution?: 'client' | 'server';
  tools?: ResponsesTool[];
  status?: string | null;
}

export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | ResponsesReasoningItem
  | ResponsesCompactionItem
  | ResponsesToolSearchCallItem
  | ResponsesToolSearchOutputItem
  | ResponsesUnknownItem;

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

/** A group of function tools (Codex's `multi_agent_v1`), flattened for backends without groups. */
export interface ResponsesNamespaceTool {
  type: 'namespace';
  name: string;
  description?: string;
  tools: ResponsesFunctionTool[];
}

/** A freeform tool (Codex's `apply_patch`): its input is a string, optionally of a grammar. */
export interface ResponsesCustomTool {
  type: 'custom';
  name: string;
  description?: string;
  format?: { type: 'text' } | { type: 'grammar'; syntax: string; definition: string } | Record<string, unknown>;
}

export interface ResponsesWebSearchTool {
  type: 'web_search' | 'web_search_preview' | string;
  [key: string]: unknown;
}

/** Tool search (Codex's runs on the client: it answers a `tool_search_call` with the tools it found). */
export interface ResponsesToolSearchTool {
  type: 'tool_search';
  execution?: 'client' | 'server';
  description?: string | null;
  parameters?: unknown;
}

export type ResponsesTool = ResponsesFunctionTool | ResponsesNamespaceTool | ResponsesCustomTool | ResponsesToolSearchTool | ResponsesWebSearchTool;

export type ResponsesToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; name: string }
  | { type: 'custom'; name: string }
  | { type: string; [key: string]: unknown };

export interface ResponsesRequest {
  model: string;
  input: string | ResponsesInputItem[];
  instructions?: string | null;
  stream?: boolean | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  text?: { format?: { type: string; name?: string; schema?: Record<string, unknown>; strict?: boolean | null }; verbosity?: string | null } | null;
  /** State the proxy does not keep: refused with a 400 that says to send the full history. */
  previous_response_id?: string | null;
  store?: boolean | null;
  include?: string[] | null;
  prompt_cache_key?: string | null;
  metadata?: Record<string, string> | null;
  user?: string | null;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Answer

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * A cited web page in output text; the indexes count characters of the content part's text.
 * @see https://platform.openai.com/docs/api-reference/responses/object (output_text annotations)
 */
export interface ResponsesUrlCitation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}

/** A server web search: what it searched for and (`sources`) the pages it found. */
export interface ResponsesWebSearchAction {
  type: 'search';
  query?: string;
  sources?: Array<{ type: 'url'; url: string }>;
}

export type ResponsesOutputItem =
  | { type: 'message'; id: string; role: 'assistant'; status: string; content: Array<{ type: 'output_text'; text: string; annotations: unknown[] } | { type: 'refusal'; refusal: string }>; phase?: string }
  | { type: 'web_search_call'; id: string; status: 'in_progress' | 'searching' | 'completed' | 'failed'; action?: ResponsesWebSearchAction }
  /** A call of a client-executed `tool_search` tool (Codex's): the client searches its deferred tools. */
  | { type: 'tool_search_call'; id: string; call_id: string; execution: 'client'; arguments: unknown; status: string }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: string; namespace?: string }
  | { type: 'custom_tool_call'; id: string; call_id: string; name: string; input: string; status: string }
  | { type: 'reasoning'; id: string; summary: Array<{ type: 'summary_text'; text: string }>; encrypted_content?: string | null; content?: Array<{ type: 'reasoning_text'; text: string }> }
  | { type: 'compaction'; id: string; encrypted_content: string };

export type ResponsesStatus = 'in_progress' | 'completed' | 'failed' | 'incomplete';

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  model: string;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  [key: string]: unknown;
}

/** The stream's events; every one carries `type` and an increasing `sequence_number`. */
export type ResponsesStreamEvent =
  | { type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.failed' | 'response.incomplete'; sequence_number: number; response: ResponsesResponse }
  | { type: 'response.output_item.added' | 'response.output_item.done'; sequence_number: number; output_index: number; item: ResponsesOutputItem }
  | { type: 'response.content_part.added' | 'response.content_part.done'; sequence_number: number; item_id: string; output_index: number; content_index: number; part: unknown }
  | { type: 'response.output_text.delta'; sequence_number: number; item_id: string; output_index: number; content_index: number; delta: string; logprobs: unknown[] }
  | { type: 'response.output_text.done'; sequence_number: number; item_id: string; output_index: number; content_index: number; text: string; logprobs: unknown[] }
  | { type: 'response.function_call_arguments.delta'; sequence_number: number; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; sequence_number: number; item_id: string; output_index: number; arguments: string; name?: string }
  | { type: 'response.custom_tool_call_input.delta'; sequence_number: number; item_id: string; output_index: number; delta: string }
  | { type: 'response.custom_tool_call_input.done'; sequence_number: number; item_id: string; output_index: number; input: string }
  | { type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done'; sequence_number: number; item_id: string; output_index: number; summary_index: number; part: unknown }
  | { type: 'response.reasoning_summary_text.delta'; sequence_number: number; item_id: string; output_index: number; summary_index: number; delta: string }
  | { type: 'response.reasoning_summary_text.done'; sequence_number: number; item_id: string; output_index: number; summary_index: number; text: string }
  | { type: 'response.output_text.annotation.added'; sequence_number: number; item_id: string; output_index: number; content_index: number; annotation_index: number; annotation: ResponsesUrlCitation }
  /** A server web search's progress, inside its `web_search_call` item. */
  | { type: 'response.web_search_call.in_progress' | 'response.web_search_call.searching' | 'response.web_search_call.completed'; sequence_number: number; item_id: string; output_index: number }
  /** Flat as the SDK types it; some recordings nest the same fields under `error`. */
  | { type: 'error'; sequence_number: number; code?: string | null; message?: string; param?: string | null; error?: { type?: string; code?: string | null; message: string; param?: string | null } };
