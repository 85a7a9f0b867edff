import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatStream, readFixture, sseFramesOf, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicErrorOf, anthropicEventsOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

// A chunk carrying `explode` makes the stream translator throw, standing in for a translator bug.
vi.mock('../../src/translate/anthropic-on-openai-chat/stream-translator.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/translate/anthropic-on-openai-chat/stream-translator.js')>();
  return {
    ...original,
    createOpenAIToAnthropicStreamTranslator: (...args: Parameters<typeof original.createOpenAIToAnthropicStreamTranslator>) => {
      const translator = original.createOpenAIToAnthropicStreamTranslator(...args);
      const push = translator.push.bind(translator);
      translator.push = (chunk: unknown) => {
        if (typeof chunk === 'object' && chunk !== null && 'explode' in chunk) throw new TypeError('translator bug for the test');
        return push(chunk);
      };
      return translator;
    },
  };
});

const frame = (payload: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(payload)}\n\n`;
/** OpenRouter's shape: processing comments after its HTTP 200, then the provider's 429 as a data event. */
const openRouterRateLimit = [
  ': OPENROUTER PROCESSING\n\n',
  frame({ error: { code: 429, message: 'Rate limit exceeded: free-models-per-min. Please try again in 7s.', metadata: { provider_name: 'Google' } } }),
];

let openai: MockOpenAIBackend;
let anthropic: MockOpenAIBackend;
let proxy: TestProxy;
let claudeClient: Anthropic;
let openAIClient: OpenAI;

beforeAll(async () => {
  openai = await startMockOpenAIBackend(() => ({ kind: 'sse', chunks: openRouterRateLimit }));
  anthropic = await startMockOpenAIBackend(() => ({
    kind: 'sse',
    chunks: sseFramesOf(readFixture('upstream/anthropic-messages/anthropic/stream-error-event-overloaded.sse')),
  }));
  proxy = await startTestProxy({
    OPEN_AI_URL: openai.url,
    OPEN_MODEL: 'free-model',
    ANTHROPIC_UPSTREAM_URL: anthropic.url.replace(/\/v1$/, ''),
    ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-test-upstream-key-0002',
  });
  claudeClient = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
  openAIClient = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await openai.close();
  await anthropic.close();
});

beforeEach(() => {
  proxy.logs.length = 0;
});

describe('an error as the first event of a stream (Anthropic client)', () => {
  it('becomes a real HTTP 429 with retry-after in Anthropic\'s envelope', async () => {
    openai.setScript(() => ({ kind: 'sse', chunks: openRouterRateLimit }));
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.headers.get('x-should-retry')).toBe('true');
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(anthropicErrorOf(answer)).toEqual({ type: 'rate_limit_error', message: expect.stringContaining('Rate limit exceeded') });
    expect(proxy.logs.find((line) => line.includes('POST /v1/messages'))).toMatch(/ 429 /);
  });

  it('reaches the official SDK as an APIError with status 429', async () => {
    openai.setScript(() => ({ kind: 'sse', chunks: openRouterRateLimit }));
    const error = await claudeClient.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(429);
    expect((error as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('7');
  });

  it('keeps a Groq `event: error` first as its own status (400)', async () => {
    openai.setScript(() => ({
      kind: 'sse',
      chunks: [frame({ error: { message: 'Tool call validation failed', type: 'invalid_request_error', code: 'tool_use_failed', status_code: 400 } }, 'error')],
    }));
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    expect(answer.status).toBe(400);
    expect(anthropicErrorOf(answer).type).toBe('invalid_request_error');
  });

  it('an error after the first text event still ends the stream in-stream', async () => {
    const [first] = chatStream([{ role: 'assistant', content: 'Hel' }]);
    openai.setScript(() => ({ kind: 'sse', chunks: [first ?? '', ...openRouterRateLimit] }));
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    expect(answer.status).toBe(200);
    const events = anthropicEventsOf(answer.text);
    expect(events[0]?.type).toBe('message_start');
    expect(events.at(-1)).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Rate limit exceeded') } });
  });

  it('a translator exception before any event is a 500 api_error with the stack in the log', async () => {
    openai.setScript(() => ({ kind: 'sse', chunks: [frame({ explode: true })] }));
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    expect(answer.status).toBe(500);
    expect(anthropicErrorOf(answer)).toEqual({ type: 'api_error', message: 'Internal proxy error.' });
    expect(answer.text).not.toContain('translator bug');
    const logs = proxy.logs.join('\n');
    expect(logs).toMatch(/internal error: TypeError: translator bug for the test\n\s+at /);
    expect(logs).not.toContain('Cannot reach backend');
  });

  it('a translator exception mid-stream ends it with an api_error frame, logged with its stack', async () => {
    const [first] = chatStream([{ role: 'assistant', content: 'Hel' }]);
    openai.setScript(() => ({ kind: 'sse', chunks: [first ?? '', frame({ explode: true })], delayMs: 20 }));
    const answer = await postToProxy(proxy.url, messagesRequest(true));
    expect(answer.status).toBe(200);
    expect(anthropicEventsOf(answer.text).at(-1)).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal proxy error.' } });
    const logs = proxy.logs.join('\n');
    expect(logs).toMatch(/internal error: TypeError: translator bug for the test\n\s+at /);
    expect(logs).not.toContain('Cannot reach backend');
  });
});

describe('an error as the first event of a stream (OpenAI client on Claude)', () => {
  it('an `event: error` overloaded first becomes HTTP 503 in OpenAI\'s envelope', async () => {
    const error = await openAIClient.chat.completions
      .create({ model: 'claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/Overloaded/);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('true');
  });
});
