import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { parseConfigFile } from '../config/parse-config-file.js';
import { formatBanner } from './format-banner.js';

describe('formatBanner', () => {
  it('says where it listens, the backends, the mapping and the line to paste, without keys', () => {
    const config = parseConfig({ OPEN_AI_URL: 'api.deepseek.com/v1', API_KEY: 'sk-secret-key', OPEN_MODEL: 'deepseek-chat', HAIKU_MODEL: 'deepseek-chat' });
    const banner = formatBanner({ config, url: 'http://127.0.0.1:8082', version: '9.9.9', dotenvPath: undefined, loopBackends: new Set() });
    expect(banner).toContain('listening on http://127.0.0.1:8082');
    expect(banner).toContain('https://api.deepseek.com/v1  (OPEN_AI_URL, key set)');
    expect(banner).toMatch(/\*haiku\*\s+-> deepseek-chat @default\s+\(HAIKU_MODEL\)/);
    expect(banner).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:8082 ANTHROPIC_AUTH_TOKEN=claude-proxy claude');
    expect(banner).toContain('Configuration precedence: command-line flags > environment');
    expect(banner).not.toContain('sk-secret-key');
  });

  it('warns about a backend that points at the proxy and about an exposed port without a key', () => {
    const config = parseConfig({ OPEN_AI_URL: 'http://127.0.0.1:8082', ALLOW_OPEN_ACCESS: '1' }, { host: '0.0.0.0' });
    const banner = formatBanner({ config, url: 'http://127.0.0.1:8082', version: '1', dotenvPath: '/x/.env', loopBackends: new Set(['default']) });
    expect(banner).toContain('points at this proxy');
    expect(banner).toContain('listening on 0.0.0.0 port 8082 (http://127.0.0.1:8082 from this machine)');
    expect(banner).toContain('without PROXY_API_KEY');
    expect(banner).toContain('/x/.env');
  });

  it('describes the OpenAI-client route when an Anthropic backend is configured', () => {
    const config = parseConfig({ ANTHROPIC_UPSTREAM_API_KEY: 'k', CLAUDE_MODEL: 'claude-haiku-4-5' });
    const banner = formatBanner({ config, url: 'u', version: '1', dotenvPath: undefined, loopBackends: new Set() });
    expect(banner).toContain('every request -> Claude @anthropic (non-Claude names -> claude-haiku-4-5, CLAUDE_MODEL)');
  });
});

describe('formatBanner in file mode', () => {
  it('names the file and the mode, lists the routes in the order they are checked, names the access keys but never shows them', () => {
    const { config } = parseConfigFile({
      path: '/etc/claude-proxy.yaml',
      env: { DS: 'sk-deepseek-secret' },
      text: `accessKeys: [{ name: alice, key: "alice-secret-1" }]
backends:
  ds: { preset: deepseek, apiKey: "\${DS}" }
  local: { baseUrl: "http://127.0.0.1:11434/v1" }
routes:
  default: ["ds,deepseek-chat", "local,qwen3:32b"]
  think: "ds,deepseek-reasoner"
  longContext: { target: "ds,deepseek-chat", thresholdTokens: 50000 }
rules: [{ match: { model: "claude-opus-*" }, target: "local,qwen3:32b" }]
`,
    });
    const banner = formatBanner({ config, url: 'http://127.0.0.1:8082', version: '1', dotenvPath: undefined, loopBackends: new Set() });
    expect(banner).toContain('Mode: configuration file /etc/claude-proxy.yaml');
    const routeLines = banner.split('\n').filter((line) => /^ {2}(requested|rules\[0\]|longContext|think|default) /.test(line));
    expect(routeLines).toEqual([
      '  requested     "backend,model" from the client -> that backend and model',
      '  rules[0]      model claude-opus-* -> local,qwen3:32b',
      '  longContext   over 50000 estimated input tokens -> ds,deepseek-chat',
      '  think         thinking requested -> ds,deepseek-reasoner',
      '  default       everything else -> ds,deepseek-chat  then  local,qwen3:32b',
    ]);
    expect(banner).toContain('Clients must send one of 1 access key (alice) as their API key.');
    expect(banner).toContain('ANTHROPIC_AUTH_TOKEN=<your access key>');
    expect(banner).not.toContain('alice-secret-1');
    expect(banner).not.toContain('sk-deepseek-secret');
  });

  it('says environment mode in environment mode', () => {
    const banner = formatBanner({ config: parseConfig({}), url: 'u', version: '1', dotenvPath: undefined, loopBackends: new Set() });
    expect(banner).toContain('Mode: environment variables');
  });
});
