import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { detectTier, isClaudeModelName, resolveRoute } from './resolve-route.js';

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
