import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { parseConfigFile, type ConfigFileInput } from './parse-config-file.js';

/** The example file, as a user would write it. */
const example = `
listen: { host: 127.0.0.1, port: 8082 }
accessKeys:
  - { name: alice, key: "\${ALICE_KEY}" }
backends:
  deepseek: { preset: deepseek, apiKey: "\${DEEPSEEK_API_KEY}" }
  openrouter: { preset: openrouter, apiKey: "\${OPENROUTER_API_KEY}" }
  local:    { kind: openai, baseUrl: "http://127.0.0.1:11434/v1" }
  claude:   { kind: anthropic, apiKey: "\${ANTHROPIC_API_KEY}" }
routes:
  default:
    - "deepseek,deepseek-chat"
    - "local,qwen3:32b"
  background: "local,qwen3:8b"
  think: "deepseek,deepseek-reasoner"
  longContext:
    target: "claude,claude-sonnet-4-5"
    thresholdTokens: 60000
  webSearch: "openrouter,openai/gpt-4o-mini"
  image: "claude,claude-haiku-4-5"
rules:
  - match: { model: "claude-opus-*" }
    target: "claude,claude-opus-4-5"
urlRouting:
  enabled: false
  allowHosts: ["api.groq.com", "api.deepseek.com"]
`;

const env = { ALICE_KEY: 'alice-secret-1', DEEPSEEK_API_KEY: 'sk-deepseek', OPENROUTER_API_KEY: 'sk-or', ANTHROPIC_API_KEY: 'sk-ant' };

function parse(text: string, overrides: Partial<ConfigFileInput> = {}) {
  return parseConfigFile({ text, path: 'claude-proxy.yaml', env, ...overrides });
}

/** The message of the ConfigError that parsing `text` throws. */
function problemsOf(text: string, overrides: Partial<ConfigFileInput> = {}): string[] {
  try {
    parse(text, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

const minimal = 'backends:\n  local: { kind: openai, baseUrl: "http://127.0.0.1:11434/v1" }\nroutes:\n  default: "local,qwen3:8b"\n';

describe('parseConfigFile', () => {
  it('builds the whole configuration of the example file', () => {
    const { config, warnings } = parse(example);
    expect(config.source).toEqual({ kind: 'file', path: 'claude-proxy.yaml' });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8082);
    expect(config.backends.map((backend) => [backend.name, backend.kind, backend.baseUrl, backend.apiKeys])).toEqual([
      ['deepseek', 'openai', 'https://api.deepseek.com', ['sk-deepseek']],
      ['openrouter', 'openai', 'https://openrouter.ai/api/v1', ['sk-or']],
      ['local', 'openai', 'http://127.0.0.1:11434/v1', []],
      ['claude', 'anthropic', 'https://api.anthropic.com', ['sk-ant']],
    ]);
    expect(config.routes.default).toEqual([
      { backend: 'deepseek', model: 'deepseek-chat' },
      { backend: 'local', model: 'qwen3:32b' },
    ]);
    expect(config.routes.background).toEqual([{ backend: 'local', model: 'qwen3:8b' }]);
    expect(config.routes.think).toEqual([{ backend: 'deepseek', model: 'deepseek-reasoner' }]);
    expect(config.routes.longContext).toEqual({ targets: [{ backend: 'claude', model: 'claude-sonnet-4-5' }], thresholdTokens: 60000 });
    expect(config.routes.webSearch).toEqual([{ backend: 'openrouter', model: 'openai/gpt-4o-mini' }]);
    expect(config.routes.image).toEqual([{ backend: 'claude', model: 'claude-haiku-4-5' }]);
    expect(config.rules).toEqual([{ name: 'rules[0]', match: { model: 'claude-opus-*' }, targets: [{ backend: 'claude', model: 'claude-opus-4-5' }] }]);
    expect(config.accessKeys).toEqual([{ name: 'alice', key: 'alice-secret-1' }]);
    expect(config.urlRouting).toEqual({ enabled: false, allowHosts: ['api.groq.com', 'api.deepseek.com'], allowPrivateAddresses: false });
    expect(config.defaultBackend).toBe('deepseek');
    expect(config.defaultModel).toBe('deepseek-chat');
    expect(config.tierRoutes).toEqual([{ tier: 'haiku', backend: 'local', model: 'qwen3:8b', source: 'routes.background' }]);
    expect(warnings).toEqual([]);
  });

  it('reads JSON too, and a preset takes its key from the preset variable when the entry gives none', () => {
    const json = JSON.stringify({ backends: { groq: { preset: 'groq' } }, routes: { default: 'groq,llama-3.3-70b-versatile' } });
    const { config } = parse(json, { env: { GROQ_API_KEY: 'gsk-1' } });
    expect(config.backends[0]).toMatchObject({ name: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKeys: ['gsk-1'], preset: 'groq' });
  });

  it('keeps several keys of a backend, in order', () => {
    const { config } = parse('backends:\n  ds: { preset: deepseek, apiKeys: ["k1", "k2"] }\nroutes: { default: "ds,deepseek-chat" }\n');
    expect(config.backends[0]).toMatchObject({ apiKey: 'k1', apiKeys: ['k1', 'k2'] });
  });

  it('gives a longContext target without a threshold the default one', () => {
    const { config } = parse(`${minimal}  longContext: "local,qwen3:32b"\n`);
    expect(config.routes.longContext).toEqual({ targets: [{ backend: 'local', model: 'qwen3:32b' }], thresholdTokens: 60000 });
  });

  it('lets the command line win over the file for host, port and log level', () => {
    const { config } = parse(`listen: { port: 9000 }\nlogLevel: silent\n${minimal}`, { cli: { port: 7000, verbose: true } });
    expect(config.port).toBe(7000);
    expect(config.logLevel).toBe('debug');
  });

  it('takes PORT and LOG_LEVEL from the environment when the file sets no listen.port or logLevel (a container sets them)', () => {
    expect(parse(minimal, { env: { PORT: '9100', LOG_LEVEL: 'debug' } }).config).toMatchObject({ port: 9100, logLevel: 'debug' });
    expect(parse(`listen: { port: 9000 }\nlogLevel: silent\n${minimal}`, { env: { PORT: '9100', LOG_LEVEL: 'debug' } }).config).toMatchObject({ port: 9000, logLevel: 'silent' });
  });

  it('keeps per-backend model capabilities apart from other backends', () => {
    const { config } = parse('backends:\n  local:\n    baseUrl: http://127.0.0.1:11434/v1\n    models:\n      "qwen3:8b": { contextWindow: 32768 }\nroutes: { default: "local,qwen3:8b" }\n');
    expect(config.modelCapabilityOverrides).toEqual({ 'local,qwen3:8b': { contextWindow: 32768 } });
  });

  it('adds PROXY_API_KEY from the environment to the file\'s access keys', () => {
    const { config } = parse(minimal, { env: { PROXY_API_KEY: 'team-key-123' } });
    expect(config.accessKeys).toEqual([{ name: 'PROXY_API_KEY', key: 'team-key-123' }]);
  });

  it('warns about a backend that no route uses and a preset whose key is unset', () => {
    const { warnings } = parse(`${minimal.replace('backends:\n', 'backends:\n  spare: { preset: mistral }\n')}`);
    expect(warnings).toEqual([
      'backends.spare: no apiKey, and MISTRAL_API_KEY is not set: requests to it will be refused by mistral.',
      'backends.spare: no route or rule uses it (clients can still ask for "spare,<model>").',
    ]);
  });

  describe('a broken file gives one line per problem, naming the key path', () => {
    it('an unknown key', () => {
      expect(problemsOf(`${minimal}  thinking: "local,x"\n`)).toEqual(['claude-proxy.yaml: routes.thinking is not a known key (check its spelling and place)']);
    });

    it('a value of the wrong type', () => {
      expect(problemsOf(`listen: { port: "eighty" }\n${minimal}`)).toEqual(['claude-proxy.yaml: listen.port must be number, got "eighty"']);
    });

    it('an unset ${VARIABLE}', () => {
      expect(problemsOf(example, { env: { ...env, DEEPSEEK_API_KEY: undefined } })).toEqual([
        'claude-proxy.yaml: backends.deepseek.apiKey refers to ${DEEPSEEK_API_KEY}, which is not set (set it, or write ${DEEPSEEK_API_KEY:-fallback})',
      ]);
    });

    it('a target naming a backend that is not configured', () => {
      expect(problemsOf(`${minimal}  think: ["local,qwen3:32b", "deepsek,deepseek-reasoner"]\n`)).toEqual([
        'claude-proxy.yaml: routes.think[1] names the backend "deepsek", which is not configured (configured: local)',
      ]);
    });

    it('a target that is not "backend,model"', () => {
      expect(problemsOf(minimal.replace('"local,qwen3:8b"', '"qwen3:8b"'))[0]).toMatch(/^claude-proxy\.yaml: routes\.default is not valid: .*"backend,model"/);
    });

    it('YAML syntax, with line and column', () => {
      expect(problemsOf('backends:\n  local: { kind: openai\nroutes: {}\n')[0]).toMatch(/^claude-proxy\.yaml:\d+:\d+: /);
    });

    it('a missing default route', () => {
      expect(problemsOf('backends:\n  local: { baseUrl: "http://127.0.0.1:1/v1" }\nroutes: {}\n')).toEqual([
        'claude-proxy.yaml: routes.default is missing: where requests go when no other route applies, e.g. default: "deepseek,deepseek-chat"',
      ]);
    });

    it('a backend with neither preset nor kind nor URL, and a bad URL, at once', () => {
      expect(problemsOf('backends:\n  a: {}\n  b: { baseUrl: "ftp://x" }\nroutes: { default: "a,m" }\n')).toEqual([
        'claude-proxy.yaml: backends.a needs a preset (openai, anthropic, deepseek, gemini, openrouter, groq, mistral, xai, moonshot, zai, ollama, lmstudio, vllm, llamacpp) or a kind and baseUrl',
        'claude-proxy.yaml: backends.b.baseUrl must be an http(s) URL, got ftp:',
      ]);
    });

    it('listening beyond loopback without access keys', () => {
      expect(problemsOf(`listen: { host: 0.0.0.0 }\n${minimal}`)[0]).toMatch(/^claude-proxy\.yaml: listen\.host is 0\.0\.0\.0, beyond this machine, and no accessKeys are set/);
      expect(parse(`listen: { host: 0.0.0.0 }\nallowOpenAccess: true\n${minimal}`).config.host).toBe('0.0.0.0');
    });

    it('an access key limited to a route that does not exist, and a repeated key', () => {
      const text = `accessKeys:\n  - { name: a, key: "12345678", routes: [think] }\n  - { name: b, key: "12345678" }\n${minimal}`;
      expect(problemsOf(text)).toEqual([
        'claude-proxy.yaml: accessKeys[0].routes[0] is "think", which is no route or rule name (known: default, requested)',
        "claude-proxy.yaml: accessKeys[1].key repeats another entry's key; give each person their own key",
      ]);
    });

    it('no backend at all', () => {
      expect(problemsOf('backends: {}\nroutes: { default: "a,m" }\n')).toEqual([
        'claude-proxy.yaml: backends configures no backend; add at least one (e.g. deepseek: { preset: deepseek, apiKey: "${DEEPSEEK_API_KEY}" })',
        'claude-proxy.yaml: routes.default names the backend "a", which is not configured (configured: none)',
      ]);
    });

    it('an allowed origin that is a wildcard', () => {
      expect(problemsOf(`allowedOrigins: ["*"]\n${minimal}`)[0]).toMatch(/^claude-proxy\.yaml: allowedOrigins entry "\*" is a wildcard/);
    });

    it('a URL routing host that is no host', () => {
      expect(problemsOf(`urlRouting: { enabled: true, allowHosts: ["https://api.groq.com/openai"] }\n${minimal}`)).toEqual([
        'claude-proxy.yaml: urlRouting.allowHosts[0] is "https://api.groq.com/openai", not a host; expected names such as api.groq.com or 127.0.0.1:8080, without scheme or path',
      ]);
    });

    it('an empty file', () => {
      expect(problemsOf('')[0]).toMatch(/the file is empty/);
    });
  });
});

describe('examples/claude-proxy.yaml', () => {
  it('is a valid configuration file', () => {
    const text = readFileSync(new URL('../../examples/claude-proxy.yaml', import.meta.url), 'utf8');
    const secrets = { ALICE_KEY: 'alice-key-1', CI_KEY: 'ci-key-12', DEEPSEEK_API_KEY: 'k', OPENROUTER_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' };
    const { config, warnings } = parseConfigFile({ text, path: 'examples/claude-proxy.yaml', env: secrets });
    expect(config.backends.map((backend) => backend.name)).toEqual(['deepseek', 'openrouter', 'local', 'claude']);
    expect(config.accessKeys.map((key) => key.name)).toEqual(['alice', 'ci']);
    expect(warnings).toEqual([]);
  });
});
