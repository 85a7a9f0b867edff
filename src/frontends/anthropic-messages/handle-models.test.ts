import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse-config.js';
import { parseConfigFile } from '../../config/parse-config-file.js';
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

describe('anthropicModelEntries with a configuration file', () => {
  it('lists the tier aliases by route, then every backend,model with the routes that use it, with limits from the capabilities', () => {
    const { config } = parseConfigFile({
      path: 'test.yaml',
      env: {},
      text: `backends:
  ds: { preset: deepseek, apiKey: k }
  local:
    baseUrl: "http://127.0.0.1:11434/v1"
    models: { "qwen3:8b": { contextWindow: 32768, maxOutputTokens: 8192 } }
routes:
  default: ["ds,deepseek-chat", "local,qwen3:8b"]
  background: "local,qwen3:8b"
`,
    });
    const entries: Anthropic.ModelInfo[] = anthropicModelEntries(config);
    expect(entries.map((entry) => [entry.id, entry.display_name, entry.line])).toEqual([
      ['claude-fable-5-2', 'claude-fable-5-2 -> deepseek-chat @ds', 'fable'],
      ['claude-opus-5-5', 'claude-opus-5-5 -> deepseek-chat @ds', 'opus'],
      ['claude-sonnet-5-5', 'claude-sonnet-5-5 -> deepseek-chat @ds', 'sonnet'],
      ['claude-haiku-5-5', 'claude-haiku-5-5 -> qwen3:8b @local', 'haiku'],
      ['ds,deepseek-chat', 'deepseek-chat @ds', null],
      ['local,qwen3:8b', 'qwen3:8b @local', null],
    ]);
    const local = anthropicModelEntries(config).find((entry) => entry.id === 'local,qwen3:8b')!;
    expect(local).toMatchObject({ max_input_tokens: 32768, max_tokens: 8192 });
    expect(local.description).toBe('qwen3:8b on 127.0.0.1:11434 (default, background); asked for by this name it always goes there');
    expect(anthropicModelEntries(config)[0]!.max_input_tokens).toBeGreaterThan(0);
  });
});
