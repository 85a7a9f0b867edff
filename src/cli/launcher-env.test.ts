import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { resolveModelCapabilities } from '../models/resolve-model-capabilities.js';
import { buildClaudeEnvironment, mergeChildEnvironment, routedModelsOf, tightestLimits } from './launcher-env.js';

describe('routedModelsOf', () => {
  it('lists tier models and the default model with their backend URLs', () => {
    const config = parseConfig({ OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'big', HAIKU_MODEL_NAME: 'small', HAIKU_BASE_URL: 'http://127.0.0.1:8/v1' });
    expect(routedModelsOf(config)).toEqual([
      { model: 'small', baseUrl: 'http://127.0.0.1:8/v1' },
      { model: 'big', baseUrl: 'http://127.0.0.1:9/v1' },
    ]);
  });

  it('leaves out the default model when every tier has its own', () => {
    const config = parseConfig({ OPEN_MODEL: 'unused', HAIKU_MODEL: 'h', SONNET_MODEL: 's', OPUS_MODEL: 'o', FABLE_MODEL: 'f' });
    expect(routedModelsOf(config).map((entry) => entry.model)).toEqual(['h', 's', 'o', 'f']);
    // Without FABLE_MODEL the fable tier still reaches the default model.
    const threeTiers = parseConfig({ OPEN_MODEL: 'default', HAIKU_MODEL: 'h', SONNET_MODEL: 's', OPUS_MODEL: 'o' });
    expect(routedModelsOf(threeTiers).map((entry) => entry.model)).toEqual(['h', 's', 'o', 'default']);
  });

  it('uses the discovered model when OPEN_MODEL is unset', () => {
    expect(routedModelsOf(parseConfig({}), 'llama3').map((entry) => entry.model)).toEqual(['llama3']);
  });
});

describe('buildClaudeEnvironment', () => {
  it('points Claude Code at the proxy with tier names and the smallest limits', () => {
    const config = parseConfig({ OPEN_AI_URL: 'api.openai.com/v1', OPEN_MODEL: 'gpt-5', HAIKU_MODEL: 'deepseek-chat' });
    const models = routedModelsOf(config);
    const big = resolveModelCapabilities('gpt-5', 'https://api.openai.com/v1');
    const small = resolveModelCapabilities('deepseek-chat', 'https://api.openai.com/v1');
    const env = buildClaudeEnvironment({ config, proxyUrl: 'http://127.0.0.1:8082', models });
    expect(env).toMatchObject({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8082',
      ANTHROPIC_AUTH_TOKEN: 'claude-proxy',
      ANTHROPIC_DEFAULT_FABLE_MODEL: 'claude-fable-5-2',
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-5-5',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-5-5',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-5-5',
      CLAUDE_CODE_SUBAGENT_MODEL: 'claude-sonnet-5-5',
      API_TIMEOUT_MS: '660000',
      CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(Math.min(big.maxOutputTokens, small.maxOutputTokens)),
      CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(Math.min(big.contextWindow, small.contextWindow)),
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_ATTRIBUTION_HEADER: '0',
    });
    for (const name of ['ANTHROPIC_DEFAULT_FABLE_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'] as const) {
      expect(env[name]).toContain(name.split('_')[2]?.toLowerCase());
    }
  });

  it("names each tier's backend model for Claude Code's /model picker", () => {
    const config = parseConfig({ OPEN_AI_URL: 'api.deepseek.com/v1', OPEN_MODEL: 'deepseek-chat', FABLE_MODEL: 'deepseek-reasoner', HAIKU_MODEL_NAME: 'llama3.2', HAIKU_BASE_URL: 'http://127.0.0.1:11434/v1' });
    const env = buildClaudeEnvironment({ config, proxyUrl: 'http://127.0.0.1:8082', models: routedModelsOf(config) });
    expect(env).toMatchObject({
      ANTHROPIC_DEFAULT_FABLE_MODEL_NAME: 'deepseek-reasoner',
      ANTHROPIC_DEFAULT_FABLE_MODEL_DESCRIPTION: 'deepseek-reasoner on api.deepseek.com, via claude-proxy',
      ANTHROPIC_DEFAULT_OPUS_MODEL_NAME: 'deepseek-chat',
      ANTHROPIC_DEFAULT_OPUS_MODEL_DESCRIPTION: 'deepseek-chat on api.deepseek.com, via claude-proxy',
      ANTHROPIC_DEFAULT_SONNET_MODEL_NAME: 'deepseek-chat',
      ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME: 'llama3.2',
      ANTHROPIC_DEFAULT_HAIKU_MODEL_DESCRIPTION: 'llama3.2 on 127.0.0.1:11434, via claude-proxy',
    });
  });

  it('names the discovered model when OPEN_MODEL is unset, or says it is the first one', () => {
    const config = parseConfig({ OPEN_AI_URL: 'http://127.0.0.1:9/v1' });
    const discovered = buildClaudeEnvironment({ config, proxyUrl: 'http://127.0.0.1:1', models: routedModelsOf(config, 'qwen3'), discoveredDefault: 'qwen3' });
    expect(discovered.ANTHROPIC_DEFAULT_OPUS_MODEL_NAME).toBe('qwen3');
    const unknown = buildClaudeEnvironment({ config, proxyUrl: 'http://127.0.0.1:1', models: [] });
    expect(unknown.ANTHROPIC_DEFAULT_SONNET_MODEL_NAME).toBe('first backend model');
  });

  it('sends PROXY_API_KEY as the token and honours CONTEXT_WINDOW / MAX_OUTPUT_TOKENS', () => {
    const config = parseConfig({ OPEN_MODEL: 'm', PROXY_API_KEY: 'secret-proxy-key', CONTEXT_WINDOW: '32000', MAX_OUTPUT_TOKENS: '4096', UPSTREAM_TIMEOUT_MS: '1000' });
    const env = buildClaudeEnvironment({ config, proxyUrl: 'http://127.0.0.1:1', models: routedModelsOf(config) });
    expect(env.ANTHROPIC_AUTH_TOKEN).toBe('secret-proxy-key');
    expect(env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('32000');
    expect(env.CLAUDE_CODE_MAX_OUTPUT_TOKENS).toBe('4096');
    expect(env.API_TIMEOUT_MS).toBe('61000');
  });

  it('falls back to the unknown-model limits when no model is known', () => {
    const unknown = resolveModelCapabilities('', '');
    expect(tightestLimits([], {})).toEqual({ contextWindow: unknown.contextWindow, maxOutputTokens: unknown.maxOutputTokens });
  });
});

describe('mergeChildEnvironment', () => {
  it('removes ANTHROPIC_API_KEY, overrides the connection, keeps tuned knobs and other variables', () => {
    const merged = mergeChildEnvironment(
      { PATH: '/bin', ANTHROPIC_API_KEY: 'sk-ant-real', ANTHROPIC_BASE_URL: 'https://api.anthropic.com', API_TIMEOUT_MS: '999', CLAUDE_CODE_MAX_OUTPUT_TOKENS: ' ', UNSET: undefined },
      { ANTHROPIC_BASE_URL: 'http://127.0.0.1:1', API_TIMEOUT_MS: '5', CLAUDE_CODE_MAX_OUTPUT_TOKENS: '8192' },
    );
    expect(merged).toEqual({ PATH: '/bin', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1', API_TIMEOUT_MS: '999', CLAUDE_CODE_MAX_OUTPUT_TOKENS: '8192' });
  });
});

describe('a tier on the Anthropic backend', () => {
  it('counts with Claude\'s limits, not an unknown model\'s', () => {
    const config = parseConfig({ OPEN_MODEL: 'gpt-4o', OPUS_MODEL: 'anthropic,claude-opus-4-5', ANTHROPIC_UPSTREAM_API_KEY: 'k' });
    const models = routedModelsOf(config);
    expect(models).toContainEqual({ model: 'claude-opus-4-5', baseUrl: 'https://api.anthropic.com', kind: 'anthropic' });
    // gpt-4o (128K window, 16K output) is the tighter one; the Claude model does not shrink it.
    expect(tightestLimits(models, {})).toEqual({ contextWindow: 128_000, maxOutputTokens: 16_384 });
  });
});
