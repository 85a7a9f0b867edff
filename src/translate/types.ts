import type { ModelCapabilities } from '../models/model-capabilities.js';

/**
 * Something a translator could not carry across exactly. Warnings are logged (debug level) by
 * the frontend; they never reach the client. What would change meaning is an error instead.
 */
export interface TranslationWarning {
  /** Stable machine code, e.g. `dropped_field`, `clamped_max_tokens`, `dropped_block`. */
  code: string;
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
