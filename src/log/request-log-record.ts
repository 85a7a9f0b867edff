/** What one request did, logged as one line when it ends (and read by metrics and the dashboard). */
export interface RequestLogRecord {
  requestId: string;
  method: string;
  path: string;
  requestedModel?: string;
  backendModel?: string;
  backend?: string;
  /** The file's route that chose the backend (`think`, `rules[0]`, `requested`). */
  route?: string;
  /** The name of the client's access key (never the key). */
  key?: string;
  stream?: boolean;
  status: number;
  /** Milliseconds from request start to the upstream's first byte. */
  ttfbMs?: number;
  totalMs: number;
  /** The whole prompt, cache reads and writes included (what the backend reported, or our count). */
  inputTokens?: number;
  outputTokens?: number;
  /** Of `inputTokens`, read from the backend's prompt cache. */
  cacheReadTokens?: number;
  /** Of `inputTokens`, written to the backend's prompt cache. */
  cacheWriteTokens?: number;
  /**
   * Estimated price of the request in USD, from the backend model's price (the model registry's
   * table or the configuration's prices) and the token counts above. Absent when no price is
   * known or a count it needs is missing: never a made-up 0.
   */
  costUsd?: number;
  error?: string;
  /** Tries of a backend after the first one failed (retries, other keys, the next candidates). */
  retries?: number;
  /** Request fields dropped because the backend rejected them and that change how it answers (`temperature`, `stop`, ...). */
  adapted?: string[];
  /** Labels of the translation warnings of this request (`dropped:top_k`, `image:placeholder`), deduplicated. */
  warn?: Set<string>;
  /** The ProxyError kind of the error answer (`rate_limit`, `timeout`, ...), set where it is rendered. */
  errorKind?: string;
  /** Backends left for the next candidate after they failed, in order (also counted in `retries`). */
  fallbacks?: string[];
  /** Backends passed over because they rested after failures in a row (cool-down). */
  skipped?: string[];
  /** Milliseconds spent in upstream calls (each call from its send to its body's end), summed over tries. */
  upstreamMs?: number;
  /** Milliseconds from request start to the first body chunk of a successful upstream answer. */
  firstChunkMs?: number;
}
