import { describe, expect, it } from 'vitest';
import { capabilityOverridesFor, ConfigError, DEFAULT_BACKEND_URL, DEFAULT_PORT, normalizeBaseUrl, parseConfig } from './parse-config.js';

describe('parseConfig', () => {
  it('defaults to a local Ollama on 127.0.0.1:8082 with no model', () => {
    const config = parseConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(DEFAULT_PORT);
    expect(config.backends).toEqual([{ name: 'default', kind: 'openai', baseUrl: DEFAULT_BACKEND_URL, apiKey: undefined, apiKeys: [], source: 'default (local Ollama)' }]);
    expect(config.defaultModel).toBeUndefined();
  });

  it("keeps the original project's variables working", () => {
    const config = parseConfig({ OPEN_AI_URL: 'api.deepseek.com/v1', API_KEY: 'sk-1', OPEN_MODEL: 'deepseek-chat' });
    expect(config.backends[0]).toMatchObject({ baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-1', source: 'OPEN_AI_URL' });
    expect(config.defaultModel).toBe('deepseek-chat');
  });

  it('prefers OPEN_AI_URL/API_KEY over OPENAI_BASE_URL/OPENAI_API_KEY and never reads ANTHROPIC_BASE_URL', () => {
    const config = parseConfig({
      OPEN_AI_URL: 'http://a.test/v1',
      OPENAI_BASE_URL: 'http://b.test/v1',
      API_KEY: 'first',
      OPENAI_API_KEY: 'second',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8082',
    });
    expect(config.backends).toHaveLength(1);
    expect(config.backends[0]).toMatchObject({ baseUrl: 'http://a.test/v1', apiKey: 'first' });
  });

  it('maps tiers and the haiku route to a second backend', () => {
    const config = parseConfig({
      OPEN_MODEL: 'gpt-4o',
      SONNET_MODEL: 'gpt-4.1',
      HAIKU_MODEL: 'ignored-by-haiku-route',
      HAIKU_MODEL_NAME: 'llama3.2',
      HAIKU_BASE_URL: 'http://127.0.0.1:11434/v1/',
      HAIKU_API_KEY: 'hk',
    });
    expect(config.backends.map((backend) => backend.name)).toEqual(['default', 'haiku']);
    expect(config.backends[1]).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1', apiKey: 'hk' });
    expect(config.tierRoutes).toEqual([
      { tier: 'haiku', backend: 'haiku', model: 'llama3.2', source: 'HAIKU_MODEL_NAME + HAIKU_BASE_URL' },
      { tier: 'sonnet', backend: 'default', model: 'gpt-4.1', source: 'SONNET_MODEL' },
    ]);
  });

  it('CLI flags win over the environment', () => {
    const config = parseConfig({ PORT: '9000', HOST: '0.0.0.0', LOG_LEVEL: 'info' }, { port: 1234, host: '127.0.0.2', verbose: true });
    expect(config).toMatchObject({ port: 1234, host: '127.0.0.2', logLevel: 'debug' });
  });

  it('rejects configuration a person must fix, with the variable named', () => {
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => parseConfig({ HAIKU_MODEL_NAME: 'x' })).toThrow(ConfigError);
    expect(() => parseConfig({ OPEN_AI_URL: 'ftp://x' })).toThrow(/OPEN_AI_URL/);
  });
});

describe('binding beyond loopback', () => {
  it('refuses a non-loopback address without PROXY_API_KEY (no open relay)', () => {
    expect(() => parseConfig({}, { host: '0.0.0.0' })).toThrow(/Refusing to listen on 0.0.0.0 without PROXY_API_KEY/);
    expect(() => parseConfig({ HOST: '192.168.1.5' })).toThrow(ConfigError);
  });
  it('allows it with a proxy key, or when explicitly opened', () => {
    expect(parseConfig({ PROXY_API_KEY: 'k' }, { host: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig({ ALLOW_OPEN_ACCESS: '1' }, { host: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
  it('treats every loopback spelling as local', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(parseConfig({}, { host }).host).toBe(host);
  });
});

describe('MODEL_CAPABILITIES', () => {
  it('overrides one model after the global overrides', () => {
    const config = parseConfig({ MAX_OUTPUT_TOKENS: '4000', MODEL_CAPABILITIES: '{"local-model":{"maxOutputTokens":2048,"vision":false}}' });
    expect(capabilityOverridesFor(config, 'local-model')).toEqual({ maxOutputTokens: 2048, vision: false });
    expect(capabilityOverridesFor(config, 'other')).toEqual({ maxOutputTokens: 4000 });
  });
  it('rejects unknown keys and bad JSON with the variable named', () => {
    expect(() => parseConfig({ MODEL_CAPABILITIES: '{"m":{"maxTokens":1}}' })).toThrow(/MODEL_CAPABILITIES\["m"\]\.maxTokens is not a capability \(known: contextWindow, /);
    expect(() => parseConfig({ MODEL_CAPABILITIES: '{' })).toThrow(/MODEL_CAPABILITIES must be JSON/);
  });
  it('checks each value against the capability schema and names every bad path', () => {
    const bad = JSON.stringify({ m: { vision: 'yes', maxOutputTokens: -3, schemaDialect: 'x' }, n: 5 });
    let message = '';
    try {
      parseConfig({ MODEL_CAPABILITIES: bad });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MODEL_CAPABILITIES["m"].vision must be boolean, got "yes"');
    expect(message).toContain('MODEL_CAPABILITIES["m"].maxOutputTokens must be >=1, got -3');
    expect(message).toContain('MODEL_CAPABILITIES["m"].schemaDialect must be ("openai" | "gemini"), got "x"');
    expect(message).toContain('MODEL_CAPABILITIES["n"] must be Object, got 5');
    const good = parseConfig({ MODEL_CAPABILITIES: '{"m":{"reasoningEcho":"reasoning_content","maxStopSequences":0,"thinkingForm":"adaptive"}}' });
    expect(capabilityOverridesFor(good, 'm')).toEqual({ reasoningEcho: 'reasoning_content', maxStopSequences: 0, thinkingForm: 'adaptive' });
  });
});

describe('normalizeBaseUrl', () => {
  it.each([
    ['api.openai.com/v1', 'https://api.openai.com/v1'],
    ['http://localhost:11434/v1/', 'http://localhost:11434/v1'],
    ['https://openrouter.ai/api/v1/chat/completions', 'https://openrouter.ai/api/v1'],
    ['https://x.test/v1?key=1', 'https://x.test/v1'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeBaseUrl(input, 'TEST')).toBe(expected);
  });
});

describe('CLAUDE_MODEL', () => {
  it('defaults to a current Claude model, not a retired one', () => {
    expect(parseConfig({}).claudeModel).toBe('claude-sonnet-5-5');
    expect(parseConfig({ CLAUDE_MODEL: 'claude-opus-5-5' }).claudeModel).toBe('claude-opus-5-5');
  });
});

describe('backend,model in tier variables and MODEL_MAP', () => {
  it('refuses a backend that is not configured, naming the variable and the fix', () => {
    expect(() => parseConfig({ OPUS_MODEL: 'anthropic,claude-opus-4-5' })).toThrow(
      'OPUS_MODEL names the backend "anthropic", which is not configured (configured: default). Set ANTHROPIC_UPSTREAM_API_KEY',
    );
    expect(() => parseConfig({ MODEL_MAP: 'x=openrouter,qwen3' })).toThrow('MODEL_MAP (x) names the backend "openrouter", which is not configured (configured: default).');
  });

  it('keeps a plain tier variable on the default backend', () => {
    expect(parseConfig({ SONNET_MODEL: 'gpt-4o' }).tierRoutes).toEqual([{ tier: 'sonnet', backend: 'default', model: 'gpt-4o', source: 'SONNET_MODEL' }]);
    expect(parseConfig({ SONNET_MODEL: 'anthropic,claude-sonnet-5-5', ANTHROPIC_UPSTREAM_API_KEY: 'k' }).tierRoutes).toEqual([
      { tier: 'sonnet', backend: 'anthropic', model: 'claude-sonnet-5-5', source: 'SONNET_MODEL' },
    ]);
  });
});
