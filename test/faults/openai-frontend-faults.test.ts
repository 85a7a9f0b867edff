/**
 * Faults on the OpenAI-client path (`/v1/chat/completions` on an Anthropic backend): the client
 * always gets OpenAI's error envelope, or an OpenAI error payload that ends a grammar-valid chunk
 * stream — never a hang, a stack trace or an Anthropic-shaped error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture, sseFramesOf, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { validateOpenAIChunkStream } from '../support/openai-chunk-validator.js';
import { postToProxy, sseEventsOf } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

let anthropic: MockOpenAIBackend;
let proxy: TestProxy;
const textStream = sseFramesOf(readFixture('upstream/anthropic-messages/anthropic/stream-text-short-raw.sse'));

beforeAll(async () => {
  anthropic = await startMockOpenAIBackend(() => ({ kind: 'sse', chunks: textStream }));
  proxy = await startTestProxy({
    ANTHROPIC_UPSTREAM_URL: anthropic.url.replace(/\/v1$/, ''),
    ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-fault-key-0000',
    UPSTREAM_TIMEOUT_MS: '300',
    UPSTREAM_IDLE_TIMEOUT_MS: '300',
  });
});

afterAll(async () => {
  await proxy.close(100);
  await anthropic.close();
});

beforeEach(() => {
  anthropic.setScript(() => ({ kind: 'sse', chunks: textStream }));
});

const chat = (stream: boolean) =>
  postToProxy(proxy.url, { model: 'claude-sonnet-4-5', stream, messages: [{ role: 'user', content: 'hi' }] }, { path: '/v1/chat/completions' });

/** The data payloads of an OpenAI stream, `[DONE]` excluded. */
function chunksOf(text: string): { chunks: unknown[]; done: boolean } {
  const events = sseEventsOf(text);
  return {
    chunks: events.filter((event) => event.data !== '[DONE]').map((event) => JSON.parse(event.data) as unknown),
    done: events.at(-1)?.data === '[DONE]',
  };
}

describe('OpenAI clients when the Anthropic backend fails', () => {
  it('a normal stream ends with [DONE] and passes the chunk grammar', async () => {
    const answer = await chat(true);
    const { chunks, done } = chunksOf(answer.text);
    expect(done).toBe(true);
    validateOpenAIChunkStream(chunks, { includeUsage: false });
  });

  it('a reset mid-stream ends with an OpenAI error payload and no [DONE]', async () => {
    anthropic.setScript(() => ({ kind: 'cut', chunks: textStream.slice(0, 3) }));
    const { chunks, done } = chunksOf((await chat(true)).text);
    expect(done).toBe(false);
    const last = chunks.at(-1) as { error?: { message: string; type: string } };
    expect(last.error?.type).toBe('api_error');
    validateOpenAIChunkStream(chunks, { includeUsage: false });
  });

  it('a stall before the first byte is a 504 in OpenAI form', async () => {
    anthropic.setScript(() => ({ kind: 'stall' }));
    const answer = await chat(false);
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { type: 'timeout_error', message: expect.any(String) } });
  });

  it('a stall mid-stream ends with a timeout error payload', async () => {
    anthropic.setScript(() => ({ kind: 'stallAfter', chunks: textStream.slice(0, 3) }));
    const { chunks, done } = chunksOf((await chat(true)).text);
    expect(done).toBe(false);
    expect((chunks.at(-1) as { error?: { type: string } }).error?.type).toBe('timeout_error');
  });

  it('an HTML 502 page becomes a short OpenAI error without the page', async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(20_000)}</body></html>`;
    anthropic.setScript(() => ({ kind: 'raw', status: 502, body: page, headers: { 'content-type': 'text/html' } }));
    const answer = await chat(false);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    const body = JSON.parse(answer.text) as { error: { message: string } };
    expect(body.error.message).toContain('502 Bad Gateway');
    expect(body.error.message.length).toBeLessThan(600);
  });

  it('invalid JSON in a 200 answer is a 502 that says so', async () => {
    anthropic.setScript(() => ({ kind: 'raw', status: 200, body: '{"type":"message",', headers: { 'content-type': 'application/json' } }));
    const answer = await chat(false);
    expect(answer.status).toBe(502);
    expect(answer.text).toContain('not JSON');
  });

  it('still serves a normal request afterwards', async () => {
    anthropic.setScript(() => ({ kind: 'raw', status: 200, body: readFixture('upstream/anthropic-messages/anthropic/nonstream-text.json'), headers: { 'content-type': 'application/json' } }));
    const answer = await chat(false);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ object: 'chat.completion' });
  });
});
