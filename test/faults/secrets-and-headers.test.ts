/**
 * Keys never leak: a whole session (successes, streams, backend errors that echo the key, bad
 * requests, 404s, count_tokens) at debug log level with distinctive keys; every log line and
 * every response body is searched for them. And the client's own headers never reach the
 * backend: the backend layer builds its headers from scratch.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const backendKey = 'sk-backendSECRET-7f3a9c1e5b2d';
const proxyKey = 'pk-proxySECRET-4e8b2a6c0d1f';
let backend: MockOpenAIBackend;
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startMockOpenAIBackend((request) => {
    const text = JSON.stringify(request.body.messages ?? '');
    const sentAuth = String(request.headers.authorization ?? '');
    if (text.includes('echo-401')) {
      // Like a real backend: the error message quotes the key it got.
      return { kind: 'json', status: 401, body: { error: { message: `Incorrect API key provided: ${sentAuth}`, type: 'invalid_request_error' } } };
    }
    if (text.includes('echo-html')) return { kind: 'raw', status: 500, body: `<html><title>Error for ${sentAuth}</title></html>`, headers: { 'content-type': 'text/html' } };
    if (request.body.stream === true) return { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: '' }, { content: 'streamed' }]) };
    return { kind: 'json', body: chatCompletion({ content: 'fine' }) };
  });
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, API_KEY: backendKey, PROXY_API_KEY: proxyKey, OPEN_MODEL: 'gpt-4o' }, { verbose: true });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

const withKey = { 'x-api-key': proxyKey };
const say = (text: string, stream = false) => messagesRequest(stream, { messages: [{ role: 'user', content: text }] });

describe('keys never appear in logs or responses', () => {
  it('a full session at debug level', async () => {
    const bodies: string[] = [];
    const send = async (body: unknown, headers: Record<string, string> = withKey, path?: string) => {
      const answer = await postToProxy(proxy.url, body, { headers, path });
      bodies.push(answer.text, JSON.stringify([...answer.headers]));
      return answer.status;
    };
    expect(await send(say('hello'))).toBe(200);
    expect(await send(say('hello', true))).toBe(200);
    expect(await send(say('echo-401'))).toBe(401);
    expect(await send(say('echo-401', true))).toBe(401);
    expect(await send(say('echo-html'))).toBeGreaterThanOrEqual(500);
    expect(await send(say('hello'), { 'x-api-key': 'wrong' })).toBe(401);
    expect(await send(say('hello'), { 'x-api-key': '', authorization: `Bearer ${proxyKey}` })).toBe(200);
    expect(await send('{not json', withKey)).toBe(400);
    expect(await send({ model: 'x', messages: 'nope' })).toBe(400);
    expect(await send(say('count me'), withKey, '/v1/messages/count_tokens')).toBe(200);
    expect(await send(say('hello'), withKey, '/v1/nowhere')).toBe(404);
    // The OpenAI passthrough: the backend's own error body, which quotes the key, is redacted too.
    const chat = (stream: boolean) => ({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'echo-401' }] });
    expect(await send(chat(false), withKey, '/v1/chat/completions')).toBe(401);
    expect(await send(chat(true), withKey, '/v1/chat/completions')).toBe(401);
    expect(bodies.at(-2)).toContain('Incorrect API key provided');

    expect(backend.received.length).toBeGreaterThanOrEqual(6);
    expect(proxy.logs.some((line) => line.startsWith('debug:'))).toBe(true);
    for (const text of [...proxy.logs, ...bodies]) {
      expect(text).not.toContain(backendKey);
      expect(text).not.toContain(proxyKey);
      expect(text).not.toContain('backendSECRET');
      expect(text).not.toContain('proxySECRET');
    }
  });
});

describe('client headers that must not reach the backend', () => {
  it('host, hop-by-hop headers, the client key, cookies and unknown x- headers are not forwarded', async () => {
    backend.received.length = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${proxy.url}/v1/messages`, {
        method: 'POST',
        agent: false,
        headers: {
          host: 'client-side.localhost',
          'content-type': 'application/json',
          'x-api-key': proxyKey,
          authorization: 'Bearer client-bearer-token',
          cookie: 'session=client-cookie',
          connection: 'keep-alive, x-custom-hop',
          'keep-alive': 'timeout=99',
          te: 'trailers',
          upgrade: 'websocket',
          'proxy-authorization': 'Basic Y2xpZW50OnNlY3JldA==',
          'x-forwarded-for': '10.0.0.1',
          'x-custom-hop': 'hop',
          'anthropic-beta': 'client-beta',
          'transfer-encoding': 'chunked',
        },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.end(JSON.stringify(say('hello')));
    });
    expect(status).toBe(200);
    const headers = backend.received[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${backendKey}`);
    expect(headers.host).toBe(new URL(backend.url).host);
    for (const name of ['x-api-key', 'cookie', 'keep-alive', 'te', 'upgrade', 'proxy-authorization', 'x-forwarded-for', 'x-custom-hop', 'anthropic-beta', 'transfer-encoding']) {
      expect(headers, name).not.toHaveProperty(name);
    }
    expect(headers.connection ?? 'keep-alive').toBe('keep-alive');
    expect(JSON.stringify(headers)).not.toMatch(/client-bearer-token|client-cookie|client-side\.localhost|proxySECRET/);
  });
});
