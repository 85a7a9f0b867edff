import type { RequestLogRecord } from '../log/logger.js';

/** Token counts in Anthropic's shape (input without the cache parts), any of them possibly unknown. */
export interface UsageCounts {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Puts a usage on the request's record the one way every exchange does: `inputTokens` is every
 * prompt token (uncached input plus cache reads and writes, what an OpenAI client reads as
 * `prompt_tokens`), the cache parts beside it; a count the backend did not report stays unset.
 */
export function recordUsage(record: RequestLogRecord, usage: UsageCounts | null | undefined): void {
  // An answer without usage (some Anthropic-compatible servers) leaves the counts unset.
  if (!usage) return;
  const input = count(usage.input_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const output = count(usage.output_tokens);
  if (input !== undefined) record.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (output !== undefined) record.outputTokens = output;
  if (cacheRead !== undefined) record.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) record.cacheWriteTokens = cacheWrite;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
