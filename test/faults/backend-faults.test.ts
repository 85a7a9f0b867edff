/**
 * Backend faults, one test each: whatever the OpenAI-compatible backend does (refuse, reset,
 * stall, send HTML, garbage, a 50 MB line, gzip nobody asked for), the Anthropic client gets a
 * clean error in its own protocol (an error envelope, or an `event: error` frame that ends a
 * grammar-valid stream), the proxy lets go of the upstream, and it still serves the next request.
 */
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicErrorOf, anthropicEventsOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';
import { freePort } from '../support/free-port.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
  proxy = await startTestProxy({
    OPEN_AI_URL: backend.url,
    API_KEY: 'sk-fault-backend-key-000000',
    OPEN_MODEL: 'gpt-4o',
    UPSTREAM_TIMEOUT_MS: '300',
    UPSTREAM_IDLE_TIMEOUT_MS: '300',
  });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

beforeEach(() => {
  backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
});

/** A streamed answer that must be a grammar-valid Anthropic stream ending in `event: error`. */
async function expectStreamEndingInError(errorType: string): Promise<string> {
  const answer = await postToProxy(proxy.url, messagesRequest(true));
  expect(answer.status).toBe(200);
  const events = anthropicEventsOf(answer.text);
  validateAnthropicEventStream(events);
  const last = events.at(-1);
  expect(last?.type).toBe('error');
  if (last?.type !== 'error') throw new Error('unreachable');
  expect(last.error.type).toBe(errorType);
  return last.error.message;
}

/** A non-streamed failure: an Anthropic error envelope with this status and type. */
async function expectEnvelope(stream: boolean, status: number | 'any 5xx', type: string): Promise<string> {
  const answer = await postToProxy(proxy.url, messagesRequest(stream));
  if (status === 'any 5xx') expect(answer.status).toBeGreaterThanOrEqual(500);
  else expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/json');
  const error = anthropicErrorOf(answer);
  expect(error.type).toBe(type);
  expect(error.message).not.toMatch(/\n\s+at /); // never a stack trace
  return error.message;
}


const textFrames = (text: string) => chatStream([{ role: 'assistant', content: '' }, { content: text }]);

describe('backend faults', () => {
  it('connection refused: 502 api_error naming the backend, for sync and stream requests', async () => {
    const refusing = await startTestProxy({ OPEN_AI_URL: `http://127.0.0.1:${await freePort()}/v1`, OPEN_MODEL: 'gpt-4o' });
    try {
      for (const stream of [false, true]) {
        const answer = await postToProxy(refusing.url, messagesRequest(stream));
        expect(answer.status).toBe(502);
        expect(anthropicErrorOf(answer)).toMatchObject({ type: 'api_error', message: expect.stringContaining('connection refused') });
        expect(answer.headers.get('x-should-retry')).toBe('true');
      }
    } finally {
      await refusing.close(100);
    }
  });

  it('connection reset mid-stream: the text so far, then an error frame', async () => {
    backend.setScript(() => ({ kind: 'cut', chunks: textFrames('partial').slice(0, 2) }));
    const message = await expectStreamEndingInError('api_error');
    expect(message).toMatch(/connection reset|closed|terminated|socket/i);
  });

  it('stall before the first byte (UPSTREAM_TIMEOUT_MS): 504 timeout_error, upstream released', async () => {
    const abortedBefore = backend.aborted;
    backend.setScript(() => ({ kind: 'stall' }));
    const message = await expectEnvelope(true, 504, 'timeout_error');
    expect(message).toContain('did not answer in time');
    await backend.waitForAborted(abortedBefore + 1);
  });

  it('stall mid-stream (UPSTREAM_IDLE_TIMEOUT_MS): an error frame of type timeout_error', async () => {
    const abortedBefore = backend.aborted;
    backend.setScript(() => ({ kind: 'stallAfter', chunks: textFrames('slow').slice(0, 2) }));
    const message = await expectStreamEndingInError('timeout_error');
    expect(message).toContain('stopped sending data');
    await backend.waitForAborted(abortedBefore + 1);
  });

  it('5xx with an HTML body: a short Anthropic error, not the HTML page', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'<p>nginx</p>'.repeat(2000)}</body></html>`;
    backend.setScript(() => ({ kind: 'raw', status: 502, body: page, headers: { 'content-type': 'text/html' } }));
    const message = await expectEnvelope(false, 'any 5xx', 'api_error');
    expect(message).toContain('502 Bad Gateway');
    expect(message.length).toBeLessThan(600);
  });

  it('200 with invalid JSON (non-stream): 502 api_error saying it is not JSON', async () => {
    backend.setScript(() => ({ kind: 'raw', status: 200, body: '{"id": "chatcmpl-1", "choices": [', headers: { 'content-type': 'application/json' } }));
    expect(await expectEnvelope(false, 502, 'api_error')).toContain('not JSON');
  });

  it('truncated SSE line at the end of the body: an error frame, never a fake message_stop', async () => {
    const frames = textFrames('cut short');
    backend.setScript(() => ({ kind: 'sse', chunks: [...frames.slice(0, 2), 'data: {"id":"chatcmpl-mock","choi'] }));
    await expectStreamEndingInError('api_error');
  });

  it('a 50 MB line without newline: the decoder gives up at its limit and the upstream is cut', async () => {
    const abortedBefore = backend.aborted;
    let written = 0;
    const total = 50 * 1024 * 1024;
    backend.setScript(() => ({
      kind: 'custom',
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(textFrames('x')[0]!);
        res.write('data: ');
        const piece = 'a'.repeat(1024 * 1024);
        const pump = () => {
          while (written < total && !res.destroyed) {
            written += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('\n\n');
        };
        pump();
      },
    }));
    const message = await expectStreamEndingInError('api_error');
    expect(message).toMatch(/larger than the limit of \d+ characters/);
    await backend.waitForAborted(abortedBefore + 1);
    expect(written).toBeLessThan(total);
  });

  it('text/html 200 to a stream request: 502 api_error, not a broken stream', async () => {
    backend.setScript(() => ({ kind: 'raw', status: 200, body: '<html><body>Login required</body></html>', headers: { 'content-type': 'text/html' } }));
    expect(await expectEnvelope(true, 502, 'api_error')).toContain('not JSON');
  });

  it('gzip-encoded JSON nobody asked for is decompressed', async () => {
    backend.setScript(() => ({ kind: 'custom', handle: gzipped('application/json', JSON.stringify(chatCompletion({ content: 'zipped hello' }))) }));
    const answer = await postToProxy(proxy.url, messagesRequest(false));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ content: [{ type: 'text', text: 'zipped hello' }] });
  });

  it('a gzip-encoded SSE stream is decompressed and translated', async () => {
    backend.setScript(() => ({ kind: 'custom', handle: gzipped('text/event-stream', textFrames('zipped stream').join('')) }));
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    const events = anthropicEventsOf(answer.text);
    validateAnthropicEventStream(events);
    expect(events.at(-1)?.type).toBe('message_stop');
    expect(answer.text).toContain('zipped stream');
  });

  it('a brotli-encoded error body is decompressed, mapped and redacted (the key it echoes never reaches the client)', async () => {
    const error = { error: { message: 'Incorrect API key provided: sk-fault-backend-key-000000', type: 'invalid_request_error', code: 'invalid_api_key' } };
    backend.setScript(() => ({
      kind: 'custom',
      handle: (res) => {
        res.writeHead(401, { 'content-type': 'application/json', 'content-encoding': 'br' });
        res.end(brotliCompressSync(JSON.stringify(error)));
      },
    }));
    const message = await expectEnvelope(false, 401, 'authentication_error');
    expect(message).toContain('Incorrect API key provided');
    expect(message).not.toContain('sk-fault-backend-key-000000');
  });

  it('a body that claims gzip but is not: 502 api_error saying it does not decompress', async () => {
    backend.setScript(() => ({
      kind: 'raw',
      status: 200,
      body: JSON.stringify(chatCompletion({ content: 'plain' })),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    }));
    expect(await expectEnvelope(false, 502, 'api_error')).toContain('does not decompress');
  });

  it('after every fault the proxy still answers a normal request and holds no stray upstream sockets', async () => {
    const answer = await postToProxy(proxy.url, messagesRequest(false));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ content: [{ type: 'text', text: 'ok' }] });
    const streamed = await postToProxy(proxy.url, messagesRequest(true));
    validateAnthropicEventStream(anthropicEventsOf(streamed.text));
    // Only the keep-alive pool may remain; the faulted requests' sockets are gone.
    expect(await backend.openConnections()).toBeLessThanOrEqual(2);
  });
});

function gzipped(contentType: string, text: string): (res: ServerResponse) => void {
  return (res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-encoding': 'gzip' });
    res.end(gzipSync(text));
  };
}
