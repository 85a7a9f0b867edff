import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/parse-config.js';
import { configErrorAnswer, parseWorkerConfig, stringVarsOf, WORKER_HOST } from './worker-config.js';
import { workerInstanceId } from './worker-instance-id.js';

describe('parseWorkerConfig', () => {
  it('reads the vars as environment mode does, on a non-loopback host and a port no backend URL has', () => {
    const { config } = parseWorkerConfig({ OPENAI_BASE_URL: 'https://api.deepseek.com/v1', OPEN_MODEL: 'deepseek-chat', PROXY_API_KEY: 'team-key' });
    expect(config.host).toBe(WORKER_HOST);
    expect(config.port).toBe(0);
    expect(config.backends[0]?.baseUrl).toBe('https://api.deepseek.com/v1');
    expect(config.defaultModel).toBe('deepseek-chat');
    expect(config.accessKeys.length).toBeGreaterThan(0);
  });

  it('requires an access key unless ALLOW_OPEN_ACCESS=1', () => {
    expect(() => parseWorkerConfig({ OPENAI_BASE_URL: 'https://api.deepseek.com/v1' })).toThrow(ConfigError);
    expect(() => parseWorkerConfig({ OPENAI_BASE_URL: 'https://api.deepseek.com/v1' })).toThrow(/PROXY_API_KEY/);
    expect(parseWorkerConfig({ OPENAI_BASE_URL: 'https://api.deepseek.com/v1', ALLOW_OPEN_ACCESS: '1' }).config.accessKeys).toEqual([]);
  });

  it('reads a whole configuration file from CLAUDE_PROXY_CONFIG, its references from the other vars', () => {
    const text = JSON.stringify({
      backends: { ds: { preset: 'deepseek', apiKey: '${DEEPSEEK_API_KEY}' } },
      routes: { default: 'ds,deepseek-chat' },
      accessKeys: [{ name: 'team', key: '${TEAM_KEY}' }],
    });
    const { config } = parseWorkerConfig({ CLAUDE_PROXY_CONFIG: text, DEEPSEEK_API_KEY: 'sk-ds-1234', TEAM_KEY: 'team-1234' });
    expect(config.source).toEqual({ kind: 'file', path: 'CLAUDE_PROXY_CONFIG' });
    expect(config.backends[0]?.apiKey).toBe('sk-ds-1234');
    expect(config.accessKeys[0]?.key).toBe('team-1234');
  });
});

describe('configErrorAnswer', () => {
  it('is a 500 naming the problem with secret-looking values cut out, and no stack', async () => {
    const error = new ConfigError('MODEL_MAP entry "sk-secret-value-1" is odd');
    const answer = configErrorAnswer(error, { OPENAI_API_KEY: 'sk-secret-value-1' });
    expect(answer.status).toBe(500);
    const body = (await answer.json()) as { error: { type: string; message: string } };
    expect(body.error.message).toContain('MODEL_MAP entry');
    expect(body.error.message).not.toContain('sk-secret-value-1');
    expect(body.error.message).not.toMatch(/\bat \S+:\d+/);
  });

  it('says only that the Worker failed for an error that is not a configuration problem', async () => {
    const body = (await configErrorAnswer(new TypeError('x is undefined at worker.js:1:2'), {}).json()) as { error: { message: string } };
    expect(body.error.message).not.toContain('worker.js');
    expect(body.error.message).toContain('wrangler tail');
  });
});

describe('stringVarsOf and workerInstanceId', () => {
  it('keeps the vars as text (numbers and booleans too, bindings not), and derives one id per hostname and vars, without the secrets in its input', () => {
    expect(stringVarsOf({ A: 'x', KV: { get() {} }, N: 3, B: true, J: { a: 1 } })).toEqual({ A: 'x', N: '3', B: 'true' });
    const vars = { OPENAI_BASE_URL: 'https://a.example/v1', PROXY_API_KEY: 'weak' };
    const id = workerInstanceId('proxy.example.workers.dev', vars, ['weak']);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(workerInstanceId('proxy.example.workers.dev', { ...vars }, ['weak'])).toBe(id);
    expect(workerInstanceId('other.example.workers.dev', vars, ['weak'])).not.toBe(id);
    // Only the secret differs: the id does not depend on it, so it cannot be guessed back from the id.
    expect(workerInstanceId('proxy.example.workers.dev', { ...vars, PROXY_API_KEY: 'other' }, ['other'])).toBe(id);
  });
});
