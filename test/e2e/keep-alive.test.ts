import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicEventsOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;

beforeAll(async () => {
  // Three frames 400 ms apart: the backend is silent for longer than the ping interval twice.
  backend = await startMockOpenAIBackend(() => ({
    kind: 'sse',
    delayMs: 400,
    chunks: chatStream([{ role: 'assistant', content: 'Hello' }, { content: ' world' }]),
  }));
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'm', PING_INTERVAL_MS: '150' });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

describe('keep-alive while the backend is silent', () => {
  it('sends ping events between upstream chunks and keeps the grammar valid', async () => {
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    const events = anthropicEventsOf(answer.text);
    validateAnthropicEventStream(events);
    const pings = events.filter((event) => event.type === 'ping').length;
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)?.type).toBe('message_stop');
    const text = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [])).join('');
    expect(text).toBe('Hello world');
  });
});
