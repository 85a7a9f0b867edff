import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { parseConfigFile } from '../config/parse-config-file.js';
import { adminAccessProblem, adminCookieHeader, cookieValue, queryKey } from './admin-access.js';

const fileConfig = (extra: string) =>
  parseConfigFile({ path: 'c.yaml', env: {}, text: `${extra}backends: { a: { baseUrl: "http://127.0.0.1:1/v1" } }\nroutes: { default: "a,m" }\n` }).config;

describe('adminAccessProblem', () => {
  it('leaves the pages open when no key of any kind is configured (loopback quick start)', () => {
    expect(adminAccessProblem(parseConfig({}), {})).toBeUndefined();
  });

  it('in environment mode takes ADMIN_API_KEY, else PROXY_API_KEY', () => {
    const withAdmin = parseConfig({ PROXY_API_KEY: 'team-key-1', ADMIN_API_KEY: 'admin-key-1' });
    expect(adminAccessProblem(withAdmin, { 'x-api-key': 'admin-key-1' })).toBeUndefined();
    expect(adminAccessProblem(withAdmin, { 'x-api-key': 'team-key-1' })?.status).toBe(401);
    const proxyOnly = parseConfig({ PROXY_API_KEY: 'team-key-1' });
    expect(adminAccessProblem(proxyOnly, { authorization: 'Bearer team-key-1' })).toBeUndefined();
    expect(adminAccessProblem(proxyOnly, {})?.status).toBe(401);
  });

  it("in file mode takes the file's adminKey; a team member's access key does not open them", () => {
    const config = fileConfig('adminKey: "ops-key-123"\naccessKeys: [{ name: a, key: "alice-key-1" }]\n');
    expect(adminAccessProblem(config, { 'x-api-key': 'ops-key-123' })).toBeUndefined();
    expect(adminAccessProblem(config, { 'x-api-key': 'alice-key-1' })?.status).toBe(401);
    const noAdmin = fileConfig('accessKeys: [{ name: a, key: "alice-key-1" }]\n');
    expect(adminAccessProblem(noAdmin, { 'x-api-key': 'alice-key-1' })?.message).toBe('The operator pages need an admin key, and none is configured: set adminKey in c.yaml.');
  });

  it('takes the admin cookie a browser got from the dashboard, and ?key= only where the route passes the URL', () => {
    const config = parseConfig({ PROXY_API_KEY: 'team-key-1', ADMIN_API_KEY: 'admin;key =1' });
    const cookie = adminCookieHeader('admin;key =1', false).split(';')[0]!;
    expect(adminAccessProblem(config, { cookie: `other=1; ${cookie}` })).toBeUndefined();
    expect(adminAccessProblem(config, { cookie: 'claude_proxy_admin=team-key-1' })?.status).toBe(401);
    expect(adminAccessProblem(config, {}, '/?key=admin%3Bkey%20%3D1')).toBeUndefined();
    expect(adminAccessProblem(config, {}, '/?key=team-key-1')?.status).toBe(401);
    // A route that does not opt in gets no URL: the query is not looked at.
    expect(adminAccessProblem(config, {}, undefined)?.status).toBe(401);
  });
});

describe('the admin cookie', () => {
  it('is HttpOnly, SameSite=Strict, for the whole proxy, Secure only over https', () => {
    expect(adminCookieHeader('k', false)).toBe('claude_proxy_admin=k; HttpOnly; SameSite=Strict; Path=/');
    expect(adminCookieHeader('k', true)).toBe('claude_proxy_admin=k; HttpOnly; SameSite=Strict; Path=/; Secure');
  });

  it('is read from the Cookie header by exact name; a malformed value is no key', () => {
    expect(cookieValue({ cookie: 'a=1; claude_proxy_admin=x%20y' }, 'claude_proxy_admin')).toBe('x y');
    expect(cookieValue({ cookie: 'xclaude_proxy_admin=1' }, 'claude_proxy_admin')).toBeUndefined();
    expect(cookieValue({ cookie: 'claude_proxy_admin=%E0%A4%A' }, 'claude_proxy_admin')).toBeUndefined();
    expect(cookieValue({}, 'claude_proxy_admin')).toBeUndefined();
  });

  it('queryKey reads ?key= only', () => {
    expect(queryKey('/?a=1&key=k%2B1')).toBe('k+1');
    expect(queryKey('/')).toBeUndefined();
    expect(queryKey('/?keys=1')).toBeUndefined();
  });
});
