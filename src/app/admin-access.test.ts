import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { parseConfigFile } from '../config/parse-config-file.js';
import { adminAccessProblem } from './admin-access.js';

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
});
