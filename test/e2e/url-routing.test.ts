/**
 * URL routing end to end: the real server, mock backends on 127.0.0.1 and the Anthropic SDK
 * (which, like Claude Code, appends /v1/messages to a base URL that carries the route).
 * Allowed: the client's key goes to the routed backend as its Bearer key. Refused: hosts off
 * the allowlist, loopback/private/metadata addresses and names resolving to loopback (with
 * private addresses not allowed), redirects; and nothing is connected to when refused.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockScript } from '../support/mock-openai-backend.js';
import { sendRawRequest, type RawAnswer } from '../support/raw-http-request.js';
import { startTestProxy, startTestProxyFromFile, type TestProxy } from '../support/start-test-proxy.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function withBackend(script: MockScript): Promise<MockOpenAIBackend & { host: string }> {
  const backend = await startMockOpenAIBackend(script);
  cleanups.push(() => backend.close());
  return Object.assign(backend, { host: new URL(backend.url).host });
}

async function withProxy(env: Record<string, string>, verbose = false): Promise<TestProxy> {
  const proxy = await startTestProxy(env, { verbose });
  cleanups.push(() => proxy.close(100));
  return proxy;
}

const clientKey = 'gsk-client-key-0123456789';
const answer: MockScript = () => ({ kind: 'json', body: chatCompletion({ content: 'routed hello' }) });

const ask = (baseURL: string, options: { apiKey?: string; headers?: Record<string, string> } = {}) =>
  new Anthropic({ baseURL, apiKey: options.apiKey ?? clientKey, defaultHeaders: options.headers, maxRetries: 0 }).messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 50,
    messages: [{ role: 'user', content: 'hi' }],
  });

const post = (proxy: TestProxy, path: string, headers: Record<string, string> = { 'x-api-key': clientKey }): Promise<RawAnswer> =>
  sendRawRequest(proxy.url, {
    path,
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
  });

function errorOf(answer: RawAnswer): { type: string; message: string } {
  return (JSON.parse(answer.text) as { error: { type: string; message: string } }).error;
}

describe('URL routing: allowed', () => {
  it('serves /<scheme>/<host>/<path>/<model>/v1/messages with the client key forwarded as the Bearer key', async () => {
    const backend = await withBackend(answer);
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: backend.host, URL_ROUTING_ALLOW_PRIVATE: '1' }, true);
    const message = await ask(`${proxy.url}/http/${backend.host}/v1/llama3-70b-8192`);
    expect(message.content).toEqual([{ type: 'text', text: 'routed hello' }]);
    expect(backend.received).toHaveLength(1);
    const [received] = backend.received;
    expect(received?.path).toBe('/v1/chat/completions');
    expect(received?.headers.authorization).toBe(`Bearer ${clientKey}`);
    expect(received?.body.model).toBe('llama3-70b-8192');
    expect(proxy.logs.join('\n')).toContain(`@url:${backend.host}`);
    // Debug logging is on: still the forwarded key appears nowhere.
    expect(proxy.logs.join('\n')).not.toContain(clientKey);
  });

  it('streams too, and takes a Bearer key and a percent-encoded model with a slash', async () => {
    const backend = await withBackend(() => ({ kind: 'sse', chunks: chatStream([{ content: 'streamed' }]) }));
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: backend.host, URL_ROUTING_ALLOW_PRIVATE: '1' });
    const client = new Anthropic({ baseURL: `${proxy.url}/http/${backend.host}/v1/openai%2Fgpt-4o`, authToken: clientKey, apiKey: null, maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(await stream.finalText()).toBe('streamed');
    expect(backend.received[0]?.body.model).toBe('openai/gpt-4o');
    expect(backend.received[0]?.headers.authorization).toBe(`Bearer ${clientKey}`);
  });

  it('counts tokens at /…/<model>/v1/messages/count_tokens without calling the backend', async () => {
    const backend = await withBackend(answer);
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: backend.host, URL_ROUTING_ALLOW_PRIVATE: '1' });
    const counted = await post(proxy, `/http/${backend.host}/v1/gpt-4o/v1/messages/count_tokens`);
    expect(counted.status).toBe(200);
    expect((JSON.parse(counted.text) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    expect(backend.received).toHaveLength(0);
  });

  it('with access keys, the client key stays with the proxy and the backend key comes from x-backend-api-key', async () => {
    const backend = await withBackend(answer);
    const env = { URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: backend.host, URL_ROUTING_ALLOW_PRIVATE: '1', PROXY_API_KEY: 'proxy-access-key-1' };
    const proxy = await withProxy(env);
    const path = `/http/${backend.host}/v1/m1/v1/messages`;
    const missing = await post(proxy, path, { 'x-api-key': 'proxy-access-key-1' });
    expect(missing.status).toBe(401);
    expect(errorOf(missing).message).toContain('x-backend-api-key header, which is missing');
    expect(backend.received).toHaveLength(0);
    const served = await post(proxy, path, { 'x-api-key': 'proxy-access-key-1', 'x-backend-api-key': 'backend-key-2' });
    expect(served.status).toBe(200);
    expect(backend.received[0]?.headers.authorization).toBe('Bearer backend-key-2');
    expect(JSON.stringify(backend.received[0]?.headers)).not.toContain('proxy-access-key-1');
    expect((await post(proxy, path, { 'x-backend-api-key': 'backend-key-2' })).status).toBe(401);
  });

  it('from a configuration file: an unlimited access key may route by URL, a key limited to routes or backends may not', async () => {
    const backend = await withBackend(answer);
    const proxy = await startTestProxyFromFile(`
accessKeys:
  - { name: alice, key: "alice-key-1" }
  - { name: intern, key: "intern-key-1", routes: [default] }
  - { name: local-only, key: "local-key-1", backends: [local] }
backends:
  local: { kind: openai, baseUrl: "${backend.url}" }
routes: { default: "local,m0" }
urlRouting: { enabled: true, allowHosts: ["${backend.host}"], allowPrivateAddresses: true }
`);
    cleanups.push(() => proxy.close(100));
    const path = `/http/${backend.host}/v1/m1/v1/messages`;
    const as = (key: string) => post(proxy, path, { 'x-api-key': key, 'x-backend-api-key': 'backend-key-3' });
    expect((await as('alice-key-1')).status).toBe(200);
    const byRoute = await as('intern-key-1');
    expect(byRoute.status).toBe(403);
    expect(errorOf(byRoute).message).toContain('may not use the route "urlRouting"');
    const byBackend = await as('local-key-1');
    expect(byBackend.status).toBe(403);
    expect(errorOf(byBackend).message).toContain(`may not use the backend url:${backend.host}`);
    expect(backend.received.map((request) => request.headers.authorization)).toEqual(['Bearer backend-key-3']);
    expect(proxy.logs.join('\n')).toMatch(/route=urlRouting .*key=alice|key=alice .*route=urlRouting/);
  });

  it('a backend echoing the forwarded key in its error has it cut out of the client\'s error and the logs', async () => {
    const backend = await withBackend(() => ({ kind: 'json', status: 401, body: { error: { message: `Incorrect API key provided: ${clientKey}`, type: 'invalid_request_error' } } }));
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: backend.host, URL_ROUTING_ALLOW_PRIVATE: '1' }, true);
    const refused = await post(proxy, `/http/${backend.host}/v1/m1/v1/messages`);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('Incorrect API key provided');
    expect(refused.text).not.toContain(clientKey);
    expect(proxy.logs.join('\n')).not.toContain(clientKey);
  });
});

describe('URL routing: refused', () => {
  it('is a 404, as any unknown path, when not enabled', async () => {
    const backend = await withBackend(answer);
    const proxy = await withProxy({});
    const answered = await post(proxy, `/http/${backend.host}/v1/m1/v1/messages`);
    expect(answered.status).toBe(404);
    expect(backend.received).toHaveLength(0);
  });

  it('refuses (403) a host that is not on the allowlist, naming it and the setting', async () => {
    const backend = await withBackend(answer);
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: 'api.groq.com', URL_ROUTING_ALLOW_PRIVATE: '1' });
    for (const path of [`/http/${backend.host}/v1/m1/v1/messages`, '/https/api.groq.com.evil.example/v1/m1/v1/messages', '/https/api.groq.com:8443/openai/v1/m1/v1/messages']) {
      const refused = await post(proxy, path);
      expect(refused.status, path).toBe(403);
      expect(errorOf(refused).type).toBe('permission_error');
      expect(errorOf(refused).message).toMatch(/^URL routing may not reach .+: it is not on the allowlist\. Add ".+" to urlRouting\.allowHosts .*URL_ROUTING_ALLOW_HOSTS/);
    }
    expect(backend.received).toHaveLength(0);
  });

  it('refuses loopback, private and metadata addresses, literal or resolved, even when listed, without connecting', async () => {
    const backend = await withBackend(answer);
    const port = new URL(backend.url).port;
    const listed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, '10.0.0.1', '169.254.169.254', `2130706433:${port}`];
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: listed.join(',') });
    const cases: [string, RegExp][] = [
      [`127.0.0.1:${port}`, /connect to 127\.0\.0\.1: a loopback address/],
      [`2130706433:${port}`, /connect to 127\.0\.0\.1: a loopback address/],
      [`localhost:${port}`, /connect to localhost, which resolves to (127\.0\.0\.1|::1): a loopback address/],
      [`[::1]:${port}`, /connect to ::1: a loopback address/],
      ['10.0.0.1', /connect to 10\.0\.0\.1: a private network address/],
      ['169.254.169.254', /connect to 169\.254\.169\.254: a cloud metadata address/],
    ];
    for (const [host, message] of cases) {
      const refused = await post(proxy, `/http/${host}/v1/m1/v1/messages`);
      expect(refused.status, host).toBe(403);
      expect(errorOf(refused).message, host).toMatch(message);
      expect(errorOf(refused).message, host).toContain('URL_ROUTING_ALLOW_PRIVATE=1');
    }
    expect(await backend.openConnections()).toBe(0);
    expect(backend.received).toHaveLength(0);
  });

  it('does not follow a redirect to loopback: the client gets an error naming it, the redirect target is never hit', async () => {
    const target = await withBackend(answer);
    const redirecting = await withBackend(() => ({ kind: 'raw', status: 307, body: '', headers: { location: `http://${target.host}/v1/chat/completions` } }));
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: redirecting.host, URL_ROUTING_ALLOW_PRIVATE: '1' });
    const refused = await post(proxy, `/http/${redirecting.host}/v1/m1/v1/messages`);
    expect(refused.status).toBe(502);
    expect(errorOf(refused).message).toBe(
      `Backend url:${redirecting.host} (http://${redirecting.host}/v1) answered 307, a redirect to http://${target.host}/v1/chat/completions. URL routing does not follow redirects; put the final URL in the path.`,
    );
    expect(redirecting.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
  });

  it('answers a malformed routed path with a 400 that shows the expected form', async () => {
    const proxy = await withProxy({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: 'api.groq.com' });
    const refused = await post(proxy, '/ftp/api.groq.com/v1/m1/v1/messages');
    expect(refused.status).toBe(400);
    expect(errorOf(refused).message).toContain('only http and https are routed');
    expect(errorOf(refused).message).toContain('openai%2Fgpt-4o');
  });
});
