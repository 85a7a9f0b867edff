import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type ReceivedRequest } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

/** OpenAI's answer to more than 4 stop sequences, as api.openai.com sends it. */
const tooManyStops = (length: number) => ({
  error: {
    message: `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${length} instead.`,
    type: 'invalid_request_error',
    param: 'stop',
    code: 'array_above_max_length',
  },
});

const answer = 'alpha beta STOP5 gamma STOP6 delta';

function reply(request: ReceivedRequest) {
  const stop = request.body.stop;
  if (Array.isArray(stop) && stop.length > 4) return { kind: 'json' as const, status: 400, body: tooManyStops(stop.length) };
  if (request.body.stream) return { kind: 'sse' as const, chunks: chatStream([{ role: 'assistant', content: 'alpha beta ST' }, { content: 'OP5 gam' }, { content: 'ma STOP6 delta' }]) };
  return { kind: 'json' as const, body: chatCompletion({ content: answer }) };
}

const png = { type: 'base64' as const, media_type: 'image/png' as const, data: 'iVBORw0KGgo=' };
const stops = ['STOP1', 'STOP2', 'STOP3', 'STOP4', 'STOP5', 'STOP6'];
let backend: MockOpenAIBackend;
let proxy: TestProxy;
let client: Anthropic;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(reply);
  proxy = await startTestProxy({
    OPEN_AI_URL: backend.url,
    OPEN_MODEL: 'mock-model',
    MODEL_CAPABILITIES: JSON.stringify({ 'mock-model': { vision: false, structuredOutputs: false, jsonMode: true } }),
  });
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

describe('stop sequences beyond the backend limit', () => {
  it('non-streaming: the backend gets 4, the client gets the text cut at a later one with stop_sequence', async () => {
    const message = await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 50, stop_sequences: stops, messages: [{ role: 'user', content: 'go' }] });
    expect(backend.received.at(-1)?.body.stop).toEqual(['STOP1', 'STOP2', 'STOP3', 'STOP4']);
    expect(message.content).toEqual([{ type: 'text', text: 'alpha beta ' }]);
    expect(message.stop_reason).toBe('stop_sequence');
    expect(message.stop_sequence).toBe('STOP5');
    expect(message.usage.output_tokens).toBe(7);
  });

  it('streaming: a match split across chunks is cut, and the stream ends with stop_sequence', async () => {
    const message = await client.messages.stream({ model: 'claude-opus-4-8', max_tokens: 50, stop_sequences: stops, messages: [{ role: 'user', content: 'go' }] }).finalMessage();
    expect(backend.received.at(-1)?.body.stop).toHaveLength(4);
    expect(message.content).toEqual([{ type: 'text', text: 'alpha beta ' }]);
    expect(message.stop_reason).toBe('stop_sequence');
    expect(message.stop_sequence).toBe('STOP5');
  });
});

describe('images on a backend model without vision', () => {
  it('an image of an earlier turn: 200, and the backend sees a text placeholder', async () => {
    const message = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 50,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', source: png }] },
        { role: 'assistant', content: 'A pixel.' },
        { role: 'user', content: 'and now a joke' },
      ],
    });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(JSON.stringify(backend.received.at(-1)?.body.messages)).toContain('[image omitted: the backend model \\"mock-model\\" cannot see images]');
    expect(JSON.stringify(backend.received.at(-1)?.body.messages)).not.toContain('iVBORw0KGgo=');
  });

  it('an image in the latest user turn: a clear 400, and the backend gets nothing', async () => {
    const before = backend.received.length;
    const error = await client.messages
      .create({ model: 'claude-opus-4-8', max_tokens: 50, messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image', source: png }] }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toMatch(/mock-model\\?" does not accept images/);
    expect(backend.received.length).toBe(before);
  });
});

describe("Claude Code's WebSearch request", () => {
  it('is a 400 saying the backend cannot search the web; the backend gets nothing', async () => {
    const before = backend.received.length;
    const error = await client.messages
      .create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Perform a web search for the query: vitest release' }],
        tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toContain('cannot search the web');
    expect(backend.received.length).toBe(before);
  });
});

describe('structured output on a backend with JSON mode only', () => {
  it("Claude Code's title request: response_format json_object and the schema in the system prompt", async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 50,
      system: 'Generate a concise title. Return JSON with a single "title" field.',
      messages: [{ role: 'user', content: 'please run echo for me' }],
      output_config: { format: { type: 'json_schema', schema } },
    } as unknown as Anthropic.MessageCreateParamsNonStreaming);
    const sent = backend.received.at(-1)?.body;
    expect(sent?.response_format).toEqual({ type: 'json_object' });
    const system = (sent?.messages as Array<{ role: string; content: string }>)[0];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain(JSON.stringify(schema));
  });
});

describe('an OpenAI client on an Anthropic backend that answers without usage', () => {
  let anthropic: MockOpenAIBackend;
  let claudeProxy: TestProxy;

  beforeAll(async () => {
    anthropic = await startMockOpenAIBackend(() => ({
      kind: 'json',
      body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', stop_sequence: null },
    }));
    claudeProxy = await startTestProxy({ ANTHROPIC_UPSTREAM_URL: anthropic.url.replace(/\/v1$/, ''), ANTHROPIC_UPSTREAM_API_KEY: 'k', CLAUDE_MODEL: 'claude-haiku-4-5' });
  });

  afterAll(async () => {
    await claudeProxy.close(100);
    await anthropic.close();
  });

  it('gets a 200 with zero counts', async () => {
    const openai = new OpenAI({ baseURL: `${claudeProxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('hi');
    expect(completion.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });
});
