import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { detectTier, resolveRoute } from './resolve-route.js';

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
});
