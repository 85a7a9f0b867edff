import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseSink } from '../../http/proxy-request.js';
import { nodeResponseSink } from './node-http-exchange.js';

let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

/** One request to a node:http server whose answer `answer` writes through the sink; the headers as the client got them. */
async function answerWith(answer: (sink: ResponseSink, res: ServerResponse) => void): Promise<{ status: number; headers: Array<[string, string]>; body: string }> {
  const server = createServer((_req, res) => answer(nodeResponseSink(res), res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const drop = new Set(['date', 'connection', 'keep-alive']);
  return { status: response.status, headers: [...response.headers].filter(([name]) => !drop.has(name)), body: await response.text() };
}

describe('nodeResponseSink', () => {
  it('sends the headers set before the status line with it, beside its own', async () => {
    const got = await answerWith((sink) => {
      sink.setHeader('request-id', 'req_1');
      sink.setHeader('x-request-id', 'req_1');
      sink.start(200, { 'content-type': 'application/json', 'content-length': 2 });
      sink.end('{}');
    });
    expect(got).toEqual({
      status: 200,
      headers: [['content-length', '2'], ['content-type', 'application/json'], ['request-id', 'req_1'], ['x-request-id', 'req_1']],
      body: '{}',
    });
  });

  it("lets the status line's own headers win over earlier ones of the same name, in any case", async () => {
    const got = await answerWith((sink) => {
      sink.setHeader('Cache-Control', 'no-store');
      sink.setHeader('vary', 'origin');
      sink.start(200, { 'cache-control': 'no-cache', 'content-type': 'text/plain' });
      sink.end('ok');
    });
    expect(got.headers).toEqual([['cache-control', 'no-cache'], ['content-type', 'text/plain'], ['transfer-encoding', 'chunked'], ['vary', 'origin']]);
  });

  it('keeps the last value when a header is set twice before the status line', async () => {
    const got = await answerWith((sink) => {
      sink.setHeader('access-control-allow-origin', 'http://a.test');
      sink.setHeader('Access-Control-Allow-Origin', 'http://b.test');
      sink.start(204, {});
      sink.end();
    });
    expect(got.status).toBe(204);
    expect(got.headers).toEqual([['access-control-allow-origin', 'http://b.test']]);
  });

  it('writes the status line as it is when no header waits', async () => {
    const got = await answerWith((sink) => {
      sink.start(404, { 'content-type': 'text/plain', 'content-length': 4 });
      sink.end('gone');
    });
    expect(got).toEqual({ status: 404, headers: [['content-length', '4'], ['content-type', 'text/plain']], body: 'gone' });
  });

  it('sends the waiting headers with an answer that skips start (an implicit 200)', async () => {
    const got = await answerWith((sink) => {
      sink.setHeader('request-id', 'req_2');
      sink.end('bare');
    });
    expect(got.status).toBe(200);
    expect(got.headers).toContainEqual(['request-id', 'req_2']);
    expect(got.body).toBe('bare');
  });

  it("refuses a header after the status line, as node:http does", async () => {
    let thrown: unknown;
    await answerWith((sink) => {
      sink.start(200, { 'content-length': 0 });
      try {
        sink.setHeader('late', 'x');
      } catch (error) {
        thrown = error;
      }
      sink.end();
    });
    expect((thrown as { code?: string }).code).toBe('ERR_HTTP_HEADERS_SENT');
  });
});
