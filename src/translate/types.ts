import type { ModelCapabilities } from '../models/model-capabilities.js';

/**
 * Every warning code there is: a bounded label set (the request log line's `warn=` field shows
 * them, and metrics can count them). A new kind of loss gets a new member here.
 */
export type TranslationWarningCode =
  | 'clamped_max_tokens'
  | 'clamped_temperature'
  | 'document_placeholder'
  | 'dropped_block'
  | 'dropped_cache_control'
  | 'dropped_choices'
  | 'dropped_empty_message'
  | 'dropped_field'
  | 'dropped_foreign_reasoning'
  | 'dropped_message'
  | 'dropped_reasoning'
  | 'dropped_rejected_parameter'
  | 'dropped_stop_sequence'
  | 'dropped_thinking'
  | 'dropped_tool'
  | 'dropped_tool_call'
  | 'emulated_json_mode'
  | 'folded_system_message'
  | 'ignored_field'
  | 'image_placeholder'
  | 'inserted_user_turn'
  | 'invalid_tool_arguments'
  | 'late_thought_signature'
  | 'loaded_deferred_tools'
  | 'lowered_thinking_budget'
  | 'missing_finish_reason'
  | 'missing_usage'
  | 'moved_system_message'
  | 'orphan_delta'
  | 'removed_billing_header'
  | 'renamed_tool'
  | 'repaired_tool_arguments'
  | 'stop_sequence_enforced'
  | 'stop_sequences_over_limit'
  | 'structured_output_downgraded'
  | 'summarized_web_search'
  | 'unknown_chunk'
  | 'unknown_event'
  | 'unknown_finish_reason'
  | 'unknown_stop_reason'
  | 'unknown_tool_call_delta'
  | 'unrequested_citations'
  | 'upstream_error_after_finish';

/**
 * Something a translator could not carry across exactly. The request's log line at info level
 * names each (`warn=` with `warningLabel`); debug adds the message. They never reach the
 * client. What would change meaning is an error instead.
 */
export interface TranslationWarning {
  /** Stable machine code, e.g. `dropped_field`, `clamped_max_tokens`, `dropped_block`. */
  code: TranslationWarningCode;
  message: string;
  /** JSON-path-ish location of the field, e.g. `top_k` or `messages[3].content[1]`. */
  field?: string;
}

export interface Translated<T> {
  value: T;
  warnings: TranslationWarning[];
}

/**
 * Everything a pure translator needs to know about the route and the world. Ids and clocks come
 * from here so tests are exact.
 */
export interface TranslationContext {
  /** Model name the client asked for; echoed back in responses. */
  requestedModel: string;
  /** Model id sent to the backend. */
  backendModel: string;
  /** Stable identity of the backend (e.g. `openai:https://api.deepseek.com/v1`), used to scope reasoning signatures. */
  backendId: string;
  /** Base URL of the backend, used for provider detection. */
  backendUrl: string;
  capabilities: ModelCapabilities;
  /** Returns a new unique id with the given prefix (`msg_`, `toolu_`, `chatcmpl-`, `call_`). */
  newId: (prefix: string) => string;
  /** Unix seconds. */
  now: () => number;
}
