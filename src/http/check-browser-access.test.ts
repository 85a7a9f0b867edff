import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/parse-config.js';
import { checkBrowserAccess, isAllowedHost, type RequestHeaders } from './check-browser-access.js';

const loopback = parseConfig({});
const withChatUi = parseConfig({ ALLOWED_ORIGINS: 'https://chat.example.com, http://10.0.0.5:3000/' });
const kindOf = (headers: RequestHeaders, config = loopback, method = 'POST') => checkBrowserAccess(method, headers, config).kind;

describe('checkBrowserAccess: Origin', () => {
  it('lets requests without Origin through untouched (CLIs, SDKs, curl)', () => {
    expect(checkBrowserAccess('POST', { host: '127.0.0.1:8082' }, loopback)).toEqual({ kind: 'pass', headers: undefined });
  });

  it.each([
    'http://localhost', 'http://localhost:3000', 'https://localhost:8443', 'http://127.0.0.1:5173',
    'https://127.0.0.1', 'http://[::1]:8080', 'http://[::1]', 'HTTP://LOCALHOST:3000',
  ])('allows the loopback page %s on any port and grants it CORS', (origin) => {
    const access = checkBrowserAccess('POST', { origin }, loopback);
    expect(access).toMatchObject({ kind: 'pass', headers: { 'access-control-allow-origin': origin, vary: 'Origin' } });
  });

  it.each([
    'null', 'http://localhost.evil.com', 'http://127.0.0.1.evil.com', 'http://evil.com', 'https://attacker.example:8082',
    'http://127.0.0.2', 'http://[::2]', 'file://', 'chrome-extension://abcdef', 'http://localhost/path',
    'http://user@localhost', 'http://localhost, http://evil.com', '', 'localhost',
  ])('refuses the origin %j', (origin) => {
    const access = checkBrowserAccess('POST', { origin }, loopback);
    expect(access.kind).toBe('refuse');
    expect(access).toMatchObject({ reason: expect.stringContaining('ALLOWED_ORIGINS') });
  });

  it('allows the exact origins of ALLOWED_ORIGINS and nothing near them', () => {
    expect(kindOf({ origin: 'https://chat.example.com' }, withChatUi)).toBe('pass');
    expect(kindOf({ origin: 'http://10.0.0.5:3000' }, withChatUi)).toBe('pass');
    expect(kindOf({ origin: 'http://chat.example.com' }, withChatUi)).toBe('refuse');
    expect(kindOf({ origin: 'https://chat.example.com:444' }, withChatUi)).toBe('refuse');
    expect(kindOf({ origin: 'https://evil.chat.example.com' }, withChatUi)).toBe('refuse');
    expect(kindOf({ origin: 'http://10.0.0.5:3001' }, withChatUi)).toBe('refuse');
    expect(kindOf({ origin: 'http://localhost:3000' }, withChatUi)).toBe('pass');
  });

  it('refuses a foreign origin even when the proxy listens beyond loopback', () => {
    const open = parseConfig({ HOST: '0.0.0.0', PROXY_API_KEY: 'k' });
    expect(kindOf({ origin: 'https://evil.com', host: 'box.lan:8082' }, open)).toBe('refuse');
  });
});

describe('checkBrowserAccess: preflight', () => {
  it('answers an allowed page with its own origin, the asked headers and private-network access', () => {
    const access = checkBrowserAccess('OPTIONS', {
      origin: 'http://localhost:3000',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-api-key, anthropic-version',
      'access-control-request-private-network': 'true',
    }, loopback);
    expect(access.kind).toBe('preflight');
    const headers = access.kind === 'preflight' ? access.headers : {};
    expect(headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(headers['access-control-allow-headers']).toBe('content-type, x-api-key, anthropic-version');
    expect(headers['access-control-allow-methods']).toContain('POST');
    expect(headers['access-control-allow-private-network']).toBe('true');
    expect(headers).not.toHaveProperty('access-control-allow-credentials');
    expect(Object.values(headers)).not.toContain('*');
  });

  it('grants nothing to a foreign page, private-network access included', () => {
    const access = checkBrowserAccess('OPTIONS', {
      origin: 'https://evil.com', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true',
    }, loopback);
    expect(access.kind).toBe('refuse');
    expect(access).not.toHaveProperty('headers');
  });

  it('does not echo a malformed header list', () => {
    const access = checkBrowserAccess('OPTIONS', { origin: 'http://localhost', 'access-control-request-headers': 'x\r\nset-cookie: a' }, loopback);
    expect(access.kind === 'preflight' && access.headers).not.toHaveProperty('access-control-allow-headers');
  });
});

describe('checkBrowserAccess: Host (DNS rebinding)', () => {
  it.each(['localhost', 'localhost:8082', 'LOCALHOST:8082', 'foo.localhost', 'foo.localhost:8082', '127.0.0.1', '127.0.0.1:8082', '127.1.2.3:1', '[::1]', '[::1]:8082'])(
    'accepts the loopback Host %s',
    (host) => expect(isAllowedHost(host, [])).toBe(true),
  );

  it.each(['attacker.example', 'attacker.example:8082', 'localhost.attacker.example', '127.0.0.1.attacker.example', '127.0.0.256',
    '10.0.0.5:8082', '[::2]:8082', '[fd00::1]', '0.0.0.0:8082', 'localhost:8082:1', 'loc alhost', '', 'localhost:port'])(
    'refuses the Host %j',
    (host) => expect(isAllowedHost(host, [])).toBe(false),
  );

  it('accepts the names of ALLOWED_HOSTS, with or without a port', () => {
    const config = parseConfig({ ALLOWED_HOSTS: 'proxy.internal, [fd00::1]' });
    expect(config.allowedHosts).toEqual(['proxy.internal', '[fd00::1]']);
    expect(kindOf({ host: 'Proxy.Internal:8082' }, config)).toBe('pass');
    expect(kindOf({ host: '[fd00::1]:8082' }, config)).toBe('pass');
    expect(kindOf({ host: 'other.internal' }, config)).toBe('refuse');
  });

  it('refuses a foreign Host on loopback, lets a missing Host through (not a browser), and skips the check beyond loopback', () => {
    expect(checkBrowserAccess('GET', { host: 'attacker.example:8082' }, loopback)).toMatchObject({ kind: 'refuse', reason: expect.stringContaining('ALLOWED_HOSTS') });
    expect(kindOf({}, loopback)).toBe('pass');
    expect(kindOf({ host: 'attacker.example:8082' }, parseConfig({ HOST: '0.0.0.0', PROXY_API_KEY: 'k' }))).toBe('pass');
  });
});

describe('ALLOWED_ORIGINS / ALLOWED_HOSTS parsing', () => {
  it('normalizes origins to scheme://host[:port]', () => {
    expect(withChatUi.allowedOrigins).toEqual(['https://chat.example.com', 'http://10.0.0.5:3000']);
    expect(parseConfig({ ALLOWED_ORIGINS: 'HTTPS://Chat.Example.com:443' }).allowedOrigins).toEqual(['https://chat.example.com']);
  });

  it.each([
    ['*', /wildcard/],
    ['null', /sandboxed/],
    ['chat.example.com', /not a URL/],
    ['ftp://chat.example.com', /scheme ftp:/],
    ['https://chat.example.com/app', /path/],
    ['https://user:pw@chat.example.com', /credentials/],
  ])('says what is wrong with the origin %j', (entry, problem) => {
    expect(() => parseConfig({ ALLOWED_ORIGINS: `http://localhost:3000,${entry}` })).toThrow(ConfigError);
    expect(() => parseConfig({ ALLOWED_ORIGINS: entry })).toThrow(problem);
  });

  it.each(['https://proxy.internal', 'proxy.internal:8082', 'a/b'])('refuses the ALLOWED_HOSTS entry %j', (entry) => {
    expect(() => parseConfig({ ALLOWED_HOSTS: entry })).toThrow(/ALLOWED_HOSTS entry .* is not a bare host name/);
  });
});
