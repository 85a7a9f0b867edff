/**
 * Load: 250 concurrent streams through the proxy to the mock backend (the 1,000-stream run is
 * for bench/, this is its CI-sized version). Every stream must complete, grammar-valid, with its
 * own text, and the upstream pool must be idle afterwards.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamPoolStats } from '../../src/runtime/node/undici-upstream-client.js';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicEventsOf, messagesRequest } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const concurrentStreams = 250;
let backend: MockOpenAIBackend;
let proxy: TestProxy;
const client = new Agent({ connections: concurrentStreams, pipelining: 1 });

beforeAll(async () => {
  backend = await startMockOpenAIBackend((received) => {
    const tag = JSON.stringify(received.body.messages).match(/stream-(\d+)/)?.[0] ?? 'none';
    const deltas = [{ role: 'assistant', content: '' }, ...Array.from({ length: 8 }, (_, i) => ({ content: `${tag}:${i} ` }))];
    return { kind: 'sse', chunks: chatStream(deltas), delayMs: 5 };
  });
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o' });
});

afterAll(async () => {
  await client.close();
  await proxy.close(100);
  await backend.close();
});

async function runStream(index: number): Promise<string> {
  const body = messagesRequest(true, { messages: [{ role: 'user', content: `stream-${index}` }] });
  const response = await request(`${proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    dispatcher: client,
  });
  expect(response.statusCode).toBe(200);
  const events = anthropicEventsOf(await response.body.text());
  validateAnthropicEventStream(events);
  expect(events.at(-1)?.type).toBe('message_stop');
  return events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [])).join('');
}

describe(`${concurrentStreams} concurrent streams`, () => {
  it('all complete, each valid and with its own text, no errors logged, pool idle after', async () => {
    const texts = await Promise.all(Array.from({ length: concurrentStreams }, (_, index) => runStream(index)));
    texts.forEach((text, index) => expect(text).toBe(Array.from({ length: 8 }, (_, i) => `stream-${index}:${i} `).join('')));
    expect(proxy.logs.filter((line) => / 200 /.test(line))).toHaveLength(concurrentStreams);
    expect(proxy.logs.filter((line) => /error=|warning:/.test(line))).toEqual([]);
    const pool = upstreamPoolStats();
    expect(pool.busy).toBe(0);
    expect(pool.free).toBe(pool.connected);
  }, 30_000);
});
