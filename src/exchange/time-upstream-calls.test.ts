import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProxyRequest, ResponseSink } from '../http/proxy-request.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import { createRequestScope } from '../http/request-scope.js';
import type { UpstreamBody, UpstreamClient, UpstreamResponse } from '../upstream/upstream-client.js';
import { timeUpstreamCalls } from './time-upstream-calls.js';

function scopeOf() {
  const runtime = { newId: (prefix: string) => `${prefix}1`, logger: { request() {} }, requestListeners: new Set(), config: { modelPrices: {} } } as unknown as ProxyRuntime;
  const res = { setHeader() {}, onClose() {} } as unknown as ResponseSink;
  return createRequestScope(runtime, { method: 'POST', headers: {} } as ProxyRequest, res, '/v1/messages');
}

function clientAnswering(statusCode: number, body: PassThrough, delayMs = 0, contentType = 'text/event-stream'): UpstreamClient {
  return {
    send: () =>
      new Promise<UpstreamResponse>((resolve) =>
        setTimeout(() => resolve({ statusCode, headers: { 'content-type': contentType }, body: body as unknown as UpstreamBody, failure: (error) => error as never }), delayMs),
      ),
  };
}

const url = { url: 'http://127.0.0.1:1/v1/chat/completions', method: 'POST' as const, headers: {}, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, label: 'test' };

describe('timeUpstreamCalls', () => {
  it('times a call from its send to its body end, and has the relay mark the first chunk as it reads it', async () => {
    const scope = scopeOf();
    const body = new PassThrough();
    const response = await timeUpstreamCalls(clientAnswering(200, body, 30), scope).send(url);
    // Nothing starts the flow: nothing is read until the relay listens.
    expect(response.body).toBe(body);
    body.write('first');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(scope.log.firstChunkMs).toBeUndefined();
    expect(body.readableFlowing).toBeNull();
    // What the relay does with its first chunk (src/http/relay-sse.ts, pipe-upstream-response.ts).
    response.onFirstChunk!();
    expect(scope.log.firstChunkMs).toBeGreaterThanOrEqual(45);
    const marked = scope.log.firstChunkMs;
    response.onFirstChunk!();
    expect(scope.log.firstChunkMs).toBe(marked);
    expect(scope.log.upstreamMs).toBeUndefined();
    const ended = new Promise((resolve) => response.body.on('end', () => resolve(undefined)));
    response.body.resume();
    body.end('second');
    await ended;
    expect(scope.log.upstreamMs).toBeGreaterThanOrEqual(45);
  });

  it('sums the calls of a request, leaves a whole JSON answer its own body, and marks no first chunk of an error answer or a JSON one', async () => {
    const scope = scopeOf();
    const failing = new PassThrough();
    const first = await timeUpstreamCalls(clientAnswering(503, failing, 20), scope).send(url);
    failing.end('{"error":"busy"}');
    for await (const chunk of first.body) void chunk;
    expect(scope.log.firstChunkMs).toBeUndefined();
    const afterFirst = scope.log.upstreamMs!;
    expect(afterFirst).toBeGreaterThanOrEqual(15);
    const ok = new PassThrough();
    const second = await timeUpstreamCalls(clientAnswering(200, ok, 20, 'application/json'), scope).send(url);
    // No first-chunk hook: a whole answer has no first token.
    expect(second.body).toBe(ok);
    expect(second.onFirstChunk).toBeUndefined();
    expect(first.onFirstChunk).toBeUndefined();
    ok.end('{"choices":[]}');
    const read: string[] = [];
    for await (const chunk of second.body) read.push(String(chunk));
    expect(read).toEqual(['{"choices":[]}']);
    expect(scope.log.firstChunkMs).toBeUndefined();
    expect(scope.log.upstreamMs).toBeGreaterThanOrEqual(afterFirst + 15);
  });

  it('counts a failed send, and ends a call still open when the log is written', async () => {
    const scope = scopeOf();
    const refusing: UpstreamClient = { send: () => new Promise((_, reject) => setTimeout(() => reject(new Error('refused')), 20)) };
    await expect(timeUpstreamCalls(refusing, scope).send(url)).rejects.toThrow('refused');
    expect(scope.log.upstreamMs).toBeGreaterThanOrEqual(15);
    const open = new PassThrough();
    await timeUpstreamCalls(clientAnswering(200, open), scope).send(url);
    const before = scope.log.upstreamMs!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    scope.finishLog(200);
    expect(scope.log.upstreamMs).toBeGreaterThanOrEqual(before + 15);
    expect(scope.log.upstreamMs).toBeLessThanOrEqual(scope.log.totalMs);
  });
});
