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

describe('fields that carry meaning are never adapted away silently', () => {
  const unsupported = (field: string) => ({ kind: 'json' as const, status: 400, body: { error: { message: `Unsupported parameter: '${field}' is not supported with this model.`, type: 'invalid_request_error', param: field, code: 'unsupported_parameter' } } });

  it('a rejected tool_choice is a 400 that names the field and the backend, sent once', async () => {
    backend.setScript((request) => ('tool_choice' in request.body ? unsupported('tool_choice') : { kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const before = backend.received.length;
    const error = (await client.messages
      .create({
        model: 'claude-opus-4-8',
        max_tokens: 10,
        tools: [{ name: 'get_weather', description: 'weather', input_schema: { type: 'object', properties: {} } }],
        tool_choice: { type: 'tool', name: 'get_weather' },
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.message).toContain('tool_choice');
    expect(error.message).toContain(backend.url.replace(/\/v1$/, '').replace(/^http:\/\//, ''));
    expect(backend.received.length - before).toBe(1);
  });

  it('a rejected temperature is dropped and named in the log line of this and later requests', async () => {
    const proxyLogsBefore = proxy.logs.length;
    backend.setScript((request) => ('temperature' in request.body ? unsupported('temperature') : { kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    // SDK 1.15 no longer declares `temperature` (Claude 5 takes no sampling); older clients still send it.
    const params = { model: 'claude-opus-4-8', max_tokens: 10, temperature: 0.2, messages: [{ role: 'user', content: 'x' }] } as Anthropic.MessageCreateParamsNonStreaming;
    const ask = () => client.messages.create(params);
    await ask();
    await ask();
    const requestLines = proxy.logs.slice(proxyLogsBefore).filter((line) => line.includes('POST /v1/messages'));
    expect(requestLines).toHaveLength(2);
    for (const line of requestLines) expect(line).toContain('adapted=temperature');
  });

  it('rejected stop sequences are enforced by the proxy instead of being lost', async () => {
    backend.setScript((request) => ('stop' in request.body ? unsupported('stop') : { kind: 'json', body: chatCompletion({ content: 'one two END three' }) }));
    const message = await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 10, stop_sequences: ['END'], messages: [{ role: 'user', content: 'x' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'one two ' }]);
    expect(message.stop_reason).toBe('stop_sequence');
    expect(message.stop_sequence).toBe('END');
  });
});
