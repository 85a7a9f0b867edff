import { describe, expect, it } from 'vitest';
import { estimateCostUsd } from './estimate-cost.js';
import { findModelPrice } from './model-price.js';

describe('model prices', () => {
  it('finds the published price of Claude models by id, dated id, OpenRouter id', () => {
    expect(findModelPrice('claude-sonnet-5')).toEqual({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 });
    expect(findModelPrice('claude-opus-4-5-20251101')).toEqual({ input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 });
    expect(findModelPrice('claude-opus-4-1-20250805')?.input).toBe(15);
    expect(findModelPrice('claude-opus-4-20250514')?.output).toBe(75);
    expect(findModelPrice('claude-3-7-sonnet-20250219')?.cacheRead).toBe(0.3);
    expect(findModelPrice('claude-3-5-haiku-20241022')).toEqual({ input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 });
    expect(findModelPrice('claude-3-haiku-20240307')?.input).toBe(0.25);
    expect(findModelPrice('claude-haiku-4-5-20251001')).toEqual({ input: 1, output: 5 });
    expect(findModelPrice('claude-fable-5-1')?.cacheRead).toBe(0.25);
    expect(findModelPrice('claude-fable-5')?.cacheRead).toBe(1);
    expect(findModelPrice('anthropic/claude-sonnet-4.5')).toEqual({ input: 3, output: 15 });
  });

  it('leaves out what it does not know: other providers, tiered prices, unconfirmed cache rates', () => {
    expect(findModelPrice('gpt-4o')).toBeUndefined();
    expect(findModelPrice('deepseek-chat')).toBeUndefined();
    expect(findModelPrice('claude-haiku-5-5')).toBeUndefined();
    expect(findModelPrice('claude-sonnet-5-5')?.cacheRead).toBeUndefined();
  });

  it('prefers the configuration: backend,model, then the id, then the id without its vendor prefix', () => {
    const overrides = { 'deepseek-chat': { input: 0.28, output: 0.42 }, 'groq,gpt-oss-120b': { input: 0.15, output: 0.6 }, 'gpt-oss-120b': { input: 1, output: 1 }, 'claude-sonnet-5': { input: 9, output: 9 } };
    expect(findModelPrice('deepseek-chat', overrides)).toEqual({ input: 0.28, output: 0.42 });
    expect(findModelPrice('gpt-oss-120b', overrides, 'groq')).toEqual({ input: 0.15, output: 0.6 });
    expect(findModelPrice('gpt-oss-120b', overrides, 'other')).toEqual({ input: 1, output: 1 });
    expect(findModelPrice('openai/gpt-oss-120b', overrides)).toEqual({ input: 1, output: 1 });
    expect(findModelPrice('claude-sonnet-5', overrides)).toEqual({ input: 9, output: 9 });
    expect(findModelPrice('constructor', overrides)).toBeUndefined();
    expect(findModelPrice('toString', {})).toBeUndefined();
  });
});

describe('estimated cost', () => {
  const sonnet5 = { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 };

  it('prices uncached input, cache reads and writes, and output at their own rates', () => {
    // 1000 prompt tokens of which 600 read and 100 written: 300 uncached.
    const cost = estimateCostUsd(sonnet5, { inputTokens: 1000, outputTokens: 200, cacheReadTokens: 600, cacheWriteTokens: 100 });
    expect(cost).toBeCloseTo((300 * 2 + 200 * 10 + 600 * 0.2 + 100 * 2.5) / 1e6, 12);
    expect(estimateCostUsd(sonnet5, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(2);
    expect(estimateCostUsd({ input: 0.27, output: 1.1 }, { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it('gives no estimate rather than a wrong one', () => {
    expect(estimateCostUsd(sonnet5, { outputTokens: 10 })).toBeUndefined();
    expect(estimateCostUsd(sonnet5, { inputTokens: 10 })).toBeUndefined();
    expect(estimateCostUsd({ input: 3, output: 15 }, { inputTokens: 100, outputTokens: 1, cacheReadTokens: 50 })).toBeUndefined();
    expect(estimateCostUsd({ input: 3, output: 15 }, { inputTokens: 100, outputTokens: 1, cacheWriteTokens: 50 })).toBeUndefined();
    expect(estimateCostUsd({ input: 3, output: 15 }, { inputTokens: 100, outputTokens: 1, cacheReadTokens: 0 })).toBeCloseTo((100 * 3 + 15) / 1e6, 12);
  });
});
