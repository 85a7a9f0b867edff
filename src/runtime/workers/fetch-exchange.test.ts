import { describe, expect, it } from 'vitest';
import { RequestTooLargeError } from '../../errors/proxy-error.js';
import { fetchProxyRequest, FetchResponseSink } from './fetch-exchange.js';

describe('fetchProxyRequest', () => {
  it('gives path and query, lowercase headers without the edge-added ones, and the body within its limit', async () => {
    const request = new Request('https://proxy.example.workers.dev/v1/messages?beta=true', {
      method: 'POST',
      headers: { 'X-Api-Key': 'k', 'CF-Connecting-IP': '203.0.113.9', 'anthropic-version': '2023-06-01' },
      body: '{"a":1}',
    });
    const proxied = fetchProxyRequest(request);
    expect(proxied.url).toBe('/v1/messages?beta=true');
    expect(proxied.headers['x-api-key']).toBe('k');
    expect(proxied.headers['cf-connecting-ip']).toBeUndefined();
    expect(new TextDecoder().decode(await proxied.readBody(100))).toBe('{"a":1}');
  });

  it('refuses a body over the limit with a 413 naming it', async () => {
    const request = new Request('https://x.example/v1/messages', { method: 'POST', body: 'x'.repeat(200) });
    await expect(fetchProxyRequest(request).readBody(100)).rejects.toBeInstanceOf(RequestTooLargeError);
  });
});

describe('FetchResponseSink', () => {
  it('commits status and headers on start, without hop-by-hop ones, and streams the frames', async () => {
    const sink = new FetchResponseSink();
    sink.setHeader('request-id', 'req_1');
    sink.start(200, { 'content-type': 'text/event-stream', connection: 'keep-alive', 'content-length': 5 });
    expect(sink.headersSent).toBe(true);
    const response = await sink.response;
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toBe('req_1');
    expect(response.headers.get('connection')).toBeNull();
    sink.write('one ');
    sink.end('two');
    expect(await response.text()).toBe('one two');
    expect(sink.closed).toBe(true);
  });

  it('asks the writer to wait when the client does not read, and calls onDrain when it does', async () => {
    const sink = new FetchResponseSink();
    sink.start(200, {});
    const big = new Uint8Array(80 * 1024);
    expect(sink.write(big)).toBe(false);
    let drained = false;
    sink.onDrain(() => (drained = true));
    const reader = (await sink.response).body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(drained).toBe(true);
  });

  it('closes unfinished when the client cancels the body, or when its signal aborts', async () => {
    const sink = new FetchResponseSink();
    const closes: boolean[] = [];
    sink.onClose((finished) => closes.push(finished));
    sink.start(200, {});
    await (await sink.response).body!.cancel();
    await Promise.resolve();
    expect(closes).toEqual([false]);
    const controller = new AbortController();
    const early = new FetchResponseSink(controller.signal);
    early.onClose((finished) => closes.push(finished));
    controller.abort();
    await Promise.resolve();
    expect(closes).toEqual([false, false]);
    expect((await early.response).status).toBe(499);
  });

  it('ends whole with finished = true, and a 204 has no body', async () => {
    const sink = new FetchResponseSink();
    const closes: boolean[] = [];
    sink.onClose((finished) => closes.push(finished));
    sink.start(204, {});
    expect((await sink.response).body).toBeNull();
    await sink.done;
    expect(closes).toEqual([true]);
  });

  it('destroy before the status line answers 502; after it, the body errors', async () => {
    const before = new FetchResponseSink();
    before.destroy();
    expect((await before.response).status).toBe(502);
    const after = new FetchResponseSink();
    after.start(200, {});
    after.write('partial');
    after.destroy();
    await expect((await after.response).text()).rejects.toThrow();
  });
});
