import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse-config.js';
import { anthropicModelEntries } from './handle-models.js';

describe('anthropicModelEntries', () => {
  it("is assignable to the SDK's ModelInfo (a type error here if a declared key is missing) and names each tier's line", () => {
    const entries: Anthropic.ModelInfo[] = anthropicModelEntries(parseConfig({ OPEN_MODEL: 'qwen3:8b', FABLE_MODEL: 'deepseek-reasoner' }));
    expect(entries.map((entry) => [entry.id, entry.line])).toEqual([
      ['claude-fable-5-2', 'fable'],
      ['claude-opus-5-5', 'opus'],
      ['claude-sonnet-5-5', 'sonnet'],
      ['claude-haiku-5-5', 'haiku'],
      ['qwen3:8b', null],
      ['deepseek-reasoner', null],
    ]);
  });
});
