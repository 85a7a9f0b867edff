import type { AnthropicUsage } from '../../protocols/anthropic/types.js';
import { isRecord } from '../../json/is-record.js';

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Cached prompt tokens: OpenAI `prompt_tokens_details.cached_tokens`, else DeepSeek's `prompt_cache_hit_tokens`. */
function cachedPromptTokens(usage: Record<string, unknown>): number | undefined {
  const details = usage['prompt_tokens_details'];
  const fromDetails = isRecord(details) ? tokenCount(details['cached_tokens']) : undefined;
  return fromDetails ?? tokenCount(usage['prompt_cache_hit_tokens']);
}

/** Prompt tokens written to the cache: OpenRouter's `prompt_tokens_details.cache_write_tokens`. */
function cacheWritePromptTokens(usage: Record<string, unknown>): number | undefined {
  const details = usage['prompt_tokens_details'];
  return isRecord(details) ? tokenCount(details['cache_write_tokens']) : undefined;
}

/**
 * OpenAI `usage` -> Anthropic usage, or undefined when the value is not a usage object.
 *
 * Anthropic's `input_tokens` excludes cache reads while OpenAI's `prompt_tokens` includes them,
 * so the cached part is moved to `cache_read_input_tokens` (present only when the backend
 * reports caching at all); cache writes (OpenRouter) likewise to `cache_creation_input_tokens`. Reasoning tokens stay inside `output_tokens`, as on Anthropic.
 */
export function mapOpenAIUsageToAnthropic(usage: unknown): AnthropicUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const prompt = tokenCount(usage['prompt_tokens']);
  const completion = tokenCount(usage['completion_tokens']);
  if (prompt === undefined && completion === undefined) return undefined;
  const cached = cachedPromptTokens(usage);
  const written = cacheWritePromptTokens(usage);
  const mapped: AnthropicUsage = {
    input_tokens: Math.max(0, (prompt ?? 0) - (cached ?? 0) - (written ?? 0)),
    output_tokens: completion ?? 0,
  };
  if (cached !== undefined) mapped.cache_read_input_tokens = cached;
  if (written !== undefined) mapped.cache_creation_input_tokens = written;
  return mapped;
}

/** Every prompt token of an Anthropic usage: uncached input plus cache reads and cache writes. */
export function promptTokensOfAnthropicUsage(usage: {
  input_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}): number {
  return usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
}
