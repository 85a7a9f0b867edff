import { describe, expect, it } from 'vitest';
import { resolveClaudeModelCapabilities } from './claude-model-capabilities.js';

describe('resolveClaudeModelCapabilities', () => {
  it.each([
    ['claude-3-5-haiku-20241022', 8192, false],
    ['claude-3-7-sonnet-latest', 64_000, false],
    ['claude-3-opus-20240229', 4096, false],
    ['claude-opus-4-20250514', 32_000, false],
    ['claude-sonnet-4-20250514', 64_000, false],
    ['claude-opus-4-1-20250805', 32_000, true],
    ['claude-sonnet-4-5', 64_000, true],
    ['claude-haiku-4-5-20251001', 64_000, true],
    ['claude-opus-4-8', 64_000, true],
  ])('%s: %i output tokens, structured outputs %s', (model, maxOutputTokens, structuredOutputs) => {
    expect(resolveClaudeModelCapabilities(model)).toMatchObject({ maxOutputTokens, structuredOutputs, contextWindow: 200_000, vision: true, pdf: true });
  });

  it('applies configured overrides, ignoring undefined values', () => {
    expect(resolveClaudeModelCapabilities('claude-sonnet-4-5', { maxOutputTokens: 1000, vision: undefined })).toMatchObject({ maxOutputTokens: 1000, vision: true });
  });
});
