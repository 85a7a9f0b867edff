import { describe, expect, it } from 'vitest';
import { ProxyError, UpstreamConnectionError, UpstreamTimeoutError } from '../../errors/proxy-error.js';
import { AbortEmitter } from '../../upstream/abort-emitter.js';
import { readUpstreamText, type UpstreamRequest } from '../../upstream/upstream-client.js';
import { fetchUpstreamClient } from './fetch-upstream-client.js';

const label = 'default (http://backend.example/v1)';

function request(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return { url: 'http://backend.example/v1/chat/completions', method: 'POST', headers: {}, body: '{}', headersTimeoutMs: 1_000, bodyTimeoutMs: 1_000, label, ...overrides };
}

/** A fetch that never answers until its signal aborts, then rejects as fetch does. */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

/** A fetch answering with a body that sends `first` and then nothing until aborted. */
const stallingBodyFetch: typeof fetch = async (_input, init) => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('data: {}\n\n'));
      init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
};

describe('fetchUpstreamClient', () => {
  it('sends with redirect: manual and hands back status, lowercase headers and the body', async () => {
    let seen: RequestInit | undefined;
    const client = fetchUpstreamClient(async (_input, init) => {
      seen = init;
      return new Response('{"ok":true}', { status: 201, headers: { 'X-Thing': 'a' } });
    });
    const response = await client.send(request({ headers: { authorization: 'Bearer k' } }));
    expect(seen?.redirect).toBe('manual');
    expect(seen?.method).toBe('POST');
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-thing']).toBe('a');
    expect(await readUpstreamText(response, 1_000, label)).toBe('{"ok":true}');
  });

  it('drops content-encoding of an encoding fetch already undid', async () => {
    const client = fetchUpstreamClient(async () => new Response('{}', { headers: { 'content-encoding': 'gzip', 'content-length': '99' } }));
    const response = await client.send(request());
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBeUndefined();
  });

  it('times out waiting for the headers, naming the backend', async () => {
    const failure = await fetchUpstreamClient(hangingFetch).send(request({ headersTimeoutMs: 30 })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamTimeoutError);
    expect((failure as Error).message).toBe(`Backend ${label} did not answer in time.`);
  });

  it('fails a body that goes silent mid-response with a timeout naming the backend', async () => {
    const response = await fetchUpstreamClient(stallingBodyFetch).send(request({ bodyTimeoutMs: 30 }));
    const failure = await readUpstreamText(response, 1_000, label).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamTimeoutError);
    expect((failure as Error).message).toBe(`Backend ${label} stopped sending data mid-response.`);
  });

  it("aborts with the client: a 499, or the abort's own ProxyError", async () => {
    const signal = new AbortEmitter();
    const pending = fetchUpstreamClient(hangingFetch).send(request({ signal }));
    signal.abort();
    expect(await pending.catch((error: unknown) => (error as ProxyError).status)).toBe(499);
    const shutdown = new AbortEmitter();
    const reason = new ProxyError('overloaded', 'The proxy is shutting down; retry the request.', { status: 503 });
    const again = fetchUpstreamClient(hangingFetch).send(request({ signal: shutdown }));
    shutdown.abort(reason);
    expect(await again.catch((error: unknown) => error)).toBe(reason);
  });

  it('maps a network failure to a connection error naming the backend', async () => {
    const failure = await fetchUpstreamClient(async () => Promise.reject(new Error('Network connection lost.'))).send(request()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamConnectionError);
    expect((failure as Error).message).toMatch(new RegExp(`^Cannot reach backend ${label.replace(/[()./]/g, '\\$&')}: Network connection lost\\. `));
  });

  it('public-only: refuses localhost names and literal private addresses before fetching', async () => {
    let calls = 0;
    const client = fetchUpstreamClient(async () => {
      calls++;
      return new Response('{}');
    });
    for (const url of ['http://localhost:8080/v1', 'http://api.localhost/v1', 'http://10.0.0.7/v1', 'http://[::1]:1/v1', 'http://169.254.169.254/latest']) {
      const failure = await client.send(request({ url, addressPolicy: 'public-only' })).catch((error: unknown) => error);
      expect((failure as ProxyError).status, url).toBe(403);
    }
    expect(calls).toBe(0);
    await client.send(request({ url: 'https://api.example.com/v1', addressPolicy: 'public-only' }));
    expect(calls).toBe(1);
  });
});
