import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;
let client: Anthropic;

beforeAll(async () => {
  // A strict server (pydantic-style) that forbids stream_options, as some OpenAI-compatible servers do.
  backend = await startMockOpenAIBackend((request) =>
    'stream_options' in request.body
      ? { kind: 'json', status: 422, body: { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted' }] } }
      : request.body.stream
        ? { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'streamed anyway' }]) }
        : { kind: 'json', body: chatCompletion({ content: 'ok' }) },
  );
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'strict-model' });
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

describe('a backend that rejects an optional field by name', () => {
  it('gets the request again without it, and later requests leave it out up front', async () => {
    const ask = () => client.messages.stream({ model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    const first = await ask();
    expect(first.content).toEqual([{ type: 'text', text: 'streamed anyway' }]);
    expect(backend.received.map((request) => 'stream_options' in request.body)).toEqual([true, false]);
    expect(proxy.logs.join('\n')).toContain('rejected "stream_options" for strict-model: dropped');

    await ask();
    expect(backend.received.map((request) => 'stream_options' in request.body)).toEqual([true, false, false]);
  });

  it('passes any other 4xx on unchanged, without retrying', async () => {
    backend.setScript(() => ({ kind: 'json', status: 400, body: { error: { message: 'messages: bad', type: 'invalid_request_error', param: 'messages' } } }));
    const before = backend.received.length;
    const error = await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(backend.received.length - before).toBe(1);
  });
});
