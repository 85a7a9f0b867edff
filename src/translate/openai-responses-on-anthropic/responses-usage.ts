import type { AnthropicUsage } from '../../protocols/anthropic/types.js';
import type { ResponsesUsage } from '../../protocols/openai-responses/types.js';

/** The counts of a stream event's usage taken into `usage` (message_delta's are totals so far, not increments). */
export function takeAnthropicUsage(usage: AnthropicUsage, update: Partial<AnthropicUsage> | undefined): void {
  if (!update) return;
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key];
    if (typeof value === 'number') usage[key] = value;
  }
}

/** Anthropic usage as Responses reports it: input includes the cached and cache-written tokens. */
export function responsesUsageOf(usage: AnthropicUsage): ResponsesUsage {
  const cached = usage.cache_read_input_tokens ?? 0;
  const input = usage.input_tokens + cached + (usage.cache_creation_input_tokens ?? 0);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: usage.output_tokens,
    // Anthropic counts thinking inside output_tokens without a separate figure.
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + usage.output_tokens,
  };
}
