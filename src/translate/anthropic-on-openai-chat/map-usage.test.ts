import { describe, expect, it } from 'vitest';
import { mapOpenAIUsageToAnthropic } from './map-usage.js';

describe('mapOpenAIUsageToAnthropic', () => {
  it('OpenRouter cache writes become cache_creation_input_tokens, outside input_tokens', () => {
    // https://openrouter.ai/docs/use-cases/usage-accounting: prompt_tokens counts cached and written tokens.
    const usage = { prompt_tokens: 194, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 50, cache_write_tokens: 100, audio_tokens: 0 } };
    expect(mapOpenAIUsageToAnthropic(usage)).toEqual({
      input_tokens: 44,
      output_tokens: 2,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 100,
    });
  });

  it('zero cache writes are reported as zero, not left out', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } };
    expect(mapOpenAIUsageToAnthropic(usage)).toEqual({ input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('a backend that reports no caching gets no cache fields', () => {
    expect(mapOpenAIUsageToAnthropic({ prompt_tokens: 10, completion_tokens: 1 })).toEqual({ input_tokens: 10, output_tokens: 1 });
  });

  it('not a usage object: undefined', () => {
    expect(mapOpenAIUsageToAnthropic(null)).toBeUndefined();
    expect(mapOpenAIUsageToAnthropic({ total_tokens: 3 })).toBeUndefined();
  });
});
