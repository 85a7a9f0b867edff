/**
 * The client goes away: the upstream request must be aborted at once (the mock backend sees
 * its response closed early) and every socket returns to its baseline, one disconnect or fifty.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamPoolStats } from '../../src/runtime/node/undici-upstream-client.js';
import { chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { messagesRequest } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;

/** A long, slowly paced stream: 400 deltas, 25 ms apart (10 s), far longer than any test here. */
const slowStream = chatStream([{ role: 'assistant', content: '' }, ...Array.from({ length: 400 }, (_, i) => ({ content: `w${i} ` }))]);

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'sse', chunks: slowStream, delayMs: 25 }));
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o' });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * No upstream socket is busy any more and every one the mock still sees is an idle keep-alive
 * connection of the proxy's pool (which undici retires on its own timer): nothing leaked.
 */
async function upstreamAtBaseline(): Promise<boolean> {
  const pool = upstreamPoolStats();
  return pool.busy === 0 && (await backend.openConnections()) <= pool.free;
}

const proxyConnections = () => new Promise<number>((resolve) => proxy.server.getConnections((_error, count) => resolve(count)));

/**
 * Starts a streamed request on its own socket (node:http, no pooling: the disconnect is a real
 * socket close, as when a CLI is killed), reads the first bytes, then destroys the socket.
 */
function streamThenDisconnect(body: Record<string, unknown> = messagesRequest(true)): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${proxy.url}/v1/messages`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
    request.on('error', () => {});
    request.on('response', (response) => {
      response.once('data', (chunk: Buffer) => {
        if (!chunk.toString().includes('event: message_start')) reject(new Error(`unexpected first bytes: ${chunk.toString()}`));
        request.destroy();
        resolve();
      });
    });
    request.end(JSON.stringify(body));
  });
}

describe('client disconnect', () => {
  it('mid-stream: the backend response is aborted at once and sockets return to baseline', async () => {
    const abortedBefore = backend.aborted;
    const startedAt = Date.now();
    await streamThenDisconnect();
    await backend.waitForAborted(abortedBefore + 1, 2_000);
    // Far below the 10 s the stream would have lasted.
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    await waitFor(upstreamAtBaseline, 'the upstream socket to close');
    await waitFor(async () => (await proxyConnections()) === 0, 'the client socket to close');
    await waitFor(() => proxy.logs.some((line) => / 499 .*client disconnected/.test(line)), 'the 499 log line');
  });

  it('before the backend answered: the pending upstream request is aborted too', async () => {
    backend.setScript(() => ({ kind: 'stall' }));
    try {
      const abortedBefore = backend.aborted;
      const receivedBefore = backend.received.length;
      const request = httpRequest(`${proxy.url}/v1/messages`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
      request.on('error', () => {});
      request.end(JSON.stringify(messagesRequest(false)));
      await waitFor(() => backend.received.length > receivedBefore, 'the upstream request');
      request.destroy();
      await backend.waitForAborted(abortedBefore + 1, 2_000);
      await waitFor(upstreamAtBaseline, 'the upstream socket to close');
    } finally {
      backend.setScript(() => ({ kind: 'sse', chunks: slowStream, delayMs: 25 }));
    }
  });

  it('fifty concurrent streams dropped mid-way: fifty upstream aborts, nothing left open', async () => {
    const abortedBefore = backend.aborted;
    await Promise.all(Array.from({ length: 50 }, () => streamThenDisconnect()));
    await backend.waitForAborted(abortedBefore + 50, 3_000);
    await waitFor(upstreamAtBaseline, 'every upstream socket to close');
    await waitFor(async () => (await proxyConnections()) === 0, 'every client socket to close');
  });
});
