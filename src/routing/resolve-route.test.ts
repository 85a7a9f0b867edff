import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import type { ProxyConfig } from '../config/config-types.js';
import { planRoute as planRouteOf } from './plan-route.js';
import { detectTier, isClaudeModelName, resolveOpenAIClientRoute, resolveRoute } from './resolve-route.js';
import type { ClientApi } from './summarize-request.js';

/** A plan for a bare request of `clientApi` asking for `model`. */
function planRoute(config: ProxyConfig, clientApi: ClientApi, model: string) {
  return planRouteOf(config, { clientApi, model, thinking: false, imageInLatestTurn: false, webSearch: false, estimatedInputTokens: 10, stream: false });
}

describe('resolveRoute', () => {
  const config = parseConfig({ OPEN_MODEL: 'gpt-4o', HAIKU_MODEL_NAME: 'small', HAIKU_BASE_URL: 'http://h.test/v1', OPUS_MODEL: 'o3' });

  it('sends a tier name to its tier rule', () => {
    expect(resolveRoute(config, 'claude-haiku-4-5-20251001')).toMatchObject({ model: 'small', backend: { name: 'haiku' } });
    expect(resolveRoute(config, 'claude-opus-4-8')).toMatchObject({ model: 'o3', backend: { name: 'default' } });
  });

  it('sends other Claude names to OPEN_MODEL', () => {
    expect(resolveRoute(config, 'claude-sonnet-5')).toMatchObject({ model: 'gpt-4o', reason: 'OPEN_MODEL' });
    expect(resolveRoute(config, 'claude-3-7-latest')).toMatchObject({ model: 'gpt-4o' });
  });

  it('passes a non-Claude model name through verbatim', () => {
    expect(resolveRoute(config, 'deepseek-chat')).toMatchObject({ model: 'deepseek-chat', backend: { name: 'default' } });
  });

  it('leaves the model to discovery when nothing is configured', () => {
    expect(resolveRoute(parseConfig({}), 'claude-opus-4-8').model).toBeUndefined();
  });

  it('detects tiers case-insensitively', () => {
    expect(detectTier('Claude-3-HAIKU')).toBe('haiku');
    expect(detectTier('gpt-4o')).toBeUndefined();
  });

  it('detects tiers as name tokens of Claude-style names only', () => {
    expect(detectTier('claude-opus-4-8')).toBe('opus');
    expect(detectTier('claude-3-5-haiku-20241022')).toBe('haiku');
    expect(detectTier('anthropic/claude-sonnet-4.5')).toBe('sonnet');
    expect(detectTier('us.anthropic.claude-3-7-sonnet-20250219-v1:0')).toBe('sonnet');
    expect(detectTier('opus')).toBe('opus');
    expect(detectTier('claude-fable-5-2')).toBe('fable');
    expect(detectTier('claude-mythos-5')).toBe('fable');
    expect(detectTier('mythos')).toBe('fable');
    // A tier word inside another word, or in a name that is not Claude-style, is no tier.
    expect(detectTier('octopus-v2')).toBeUndefined();
    expect(detectTier('claude-octopus')).toBeUndefined();
    expect(detectTier('sonnetify-7b')).toBeUndefined();
    expect(detectTier('haiku-writer-7b')).toBeUndefined();
    expect(detectTier('claudette-opus')).toBeUndefined();
    expect(isClaudeModelName('octopus-v2')).toBe(false);
    expect(isClaudeModelName('haiku-writer-7b')).toBe(false);
    expect(isClaudeModelName('claude-3-7-latest')).toBe(true);
    expect(isClaudeModelName('fable')).toBe(true);
  });

  it('passes a backend model whose name contains a tier word through verbatim', () => {
    expect(resolveRoute(config, 'octopus-v2')).toMatchObject({ model: 'octopus-v2', reason: 'passthrough (not a Claude model name)' });
  });

  it('routes the fable tier (fable and mythos names) to FABLE_MODEL', () => {
    const withFable = parseConfig({ OPEN_MODEL: 'gpt-4o', FABLE_MODEL: 'o3-pro', OPUS_MODEL: 'o3' });
    expect(resolveRoute(withFable, 'claude-fable-5-2')).toMatchObject({ model: 'o3-pro', reason: 'FABLE_MODEL' });
    expect(resolveRoute(withFable, 'claude-mythos-5')).toMatchObject({ model: 'o3-pro', reason: 'FABLE_MODEL' });
    expect(resolveRoute(withFable, 'claude-opus-5-5')).toMatchObject({ model: 'o3' });
    expect(resolveRoute(config, 'claude-fable-5')).toMatchObject({ model: 'gpt-4o', reason: 'OPEN_MODEL' });
  });
});

describe('resolveOpenAIClientRoute (docs/OPENAI_CLIENTS.md)', () => {
  it('with only the Anthropic backend, every name goes to Claude: a Claude name as is, any other to CLAUDE_MODEL', () => {
    const claudeOnly = parseConfig({ ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant', CLAUDE_MODEL: 'claude-sonnet-5-5' });
    expect(resolveOpenAIClientRoute(claudeOnly, 'claude-opus-5-5')).toMatchObject({ model: 'claude-opus-5-5', backend: { kind: 'anthropic' } });
    expect(resolveOpenAIClientRoute(claudeOnly, 'gpt-4o')).toMatchObject({ model: 'claude-sonnet-5-5', backend: { kind: 'anthropic' }, reason: 'CLAUDE_MODEL' });
  });

  it('with an OpenAI-compatible backend too, Claude names (after MODEL_MAP) go to Claude and every other name to that backend', () => {
    const both = parseConfig({ ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant', OPEN_AI_URL: 'http://openai.test/v1', MODEL_MAP: 'gpt-4o=claude-sonnet-5-5' });
    expect(resolveOpenAIClientRoute(both, 'gpt-4o')).toMatchObject({ model: 'claude-sonnet-5-5', backend: { kind: 'anthropic' }, reason: 'MODEL_MAP' });
    expect(resolveOpenAIClientRoute(both, 'claude-haiku-5-5')).toMatchObject({ model: 'claude-haiku-5-5', backend: { kind: 'anthropic' } });
    expect(resolveOpenAIClientRoute(both, 'deepseek-chat')).toMatchObject({ model: 'deepseek-chat', backend: { kind: 'openai' } });
  });
});

describe('backend,model names and route plans', () => {
  const config = parseConfig({
    OPEN_AI_URL: 'http://o.test/v1',
    OPEN_MODEL: 'gpt-4o',
    OPUS_MODEL: 'anthropic,claude-opus-4-5',
    ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-x',
    MODEL_MAP: 'big=anthropic,claude-sonnet-5-5,small=gpt-4o-mini',
  });

  it('sends a tier variable of the form backend,model to that backend', () => {
    expect(resolveRoute(config, 'claude-opus-5-5')).toMatchObject({ model: 'claude-opus-4-5', backend: { name: 'anthropic', kind: 'anthropic' }, reason: 'OPUS_MODEL' });
    expect(resolveRoute(config, 'claude-haiku-5-5')).toMatchObject({ model: 'gpt-4o', backend: { name: 'default' } });
  });

  it('reads a MODEL_MAP target that names its backend, beside plain targets', () => {
    expect(config.modelMap).toEqual({ big: 'anthropic,claude-sonnet-5-5', small: 'gpt-4o-mini' });
    expect(resolveRoute(config, 'big')).toMatchObject({ model: 'claude-sonnet-5-5', backend: { name: 'anthropic' }, reason: 'MODEL_MAP' });
    expect(resolveOpenAIClientRoute(config, 'big')).toMatchObject({ model: 'claude-sonnet-5-5', backend: { name: 'anthropic' } });
    expect(resolveRoute(config, 'small')).toMatchObject({ model: 'gpt-4o-mini', backend: { name: 'default' } });
  });

  it('takes backend,model from the client, for both client APIs, and names the backends on a typo', () => {
    expect(planRoute(config, 'anthropic-messages', 'default,deepseek-chat').candidates).toMatchObject([{ model: 'deepseek-chat', backend: { name: 'default' } }]);
    expect(planRoute(config, 'openai-chat', 'anthropic,claude-haiku-5-5').candidates).toMatchObject([{ model: 'claude-haiku-5-5', backend: { name: 'anthropic' } }]);
    expect(() => planRoute(config, 'anthropic-messages', 'deepseek,deepseek-chat')).toThrow('No backend named "deepseek" is configured (configured: default, anthropic).');
  });

  it('plans one candidate per request in environment mode, with the reason', () => {
    const plan = planRoute(config, 'anthropic-messages', 'claude-opus-5-5');
    expect(plan.requestedModel).toBe('claude-opus-5-5');
    expect(plan.candidates).toHaveLength(1);
    expect(plan.candidates[0]?.reason).toBe('OPUS_MODEL');
  });
});
