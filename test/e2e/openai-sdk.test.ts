import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture, sseFramesOf, startMockOpenAIBackend, chatCompletion, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const anthropicKey = 'sk-ant-test-upstream-key-0001';
let anthropic: MockOpenAIBackend;
let openaiBackend: MockOpenAIBackend;
let proxy: TestProxy;
let client: OpenAI;

/** The APIError a call must fail with; a call that succeeds fails the test. */
async function apiErrorOf(call: Promise<unknown>): Promise<APIError> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as APIError,
  );
}

const anthropicJson = (file: string, status = 200, headers: Record<string, string> = {}) => ({
  kind: 'raw' as const,
  status,
  body: readFixture(`upstream/anthropic-messages/anthropic/${file}`),
  headers: { 'content-type': 'application/json', ...headers },
});
const anthropicStream = (file: string) => ({
  kind: 'sse' as const,
  chunks: sseFramesOf(readFixture(`upstream/anthropic-messages/anthropic/${file}`)),
});

beforeAll(async () => {
  anthropic = await startMockOpenAIBackend(() => anthropicJson('nonstream-text.json'));
  openaiBackend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'from the openai backend' }) }));
  proxy = await startTestProxy({
    ANTHROPIC_UPSTREAM_URL: anthropic.url.replace(/\/v1$/, ''),
    ANTHROPIC_UPSTREAM_API_KEY: anthropicKey,
    OPEN_AI_URL: openaiBackend.url,
    MODEL_MAP: 'gpt-4o=claude-sonnet-4-5',
  });
  client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await anthropic.close();
  await openaiBackend.close();
});

beforeEach(() => {
  anthropic.received.length = 0;
  openaiBackend.received.length = 0;
});

describe('OpenAI SDK through the proxy to Claude', () => {
  it('chat.completions.create returns Claude text with usage', async () => {
    anthropic.setScript(() => anthropicJson('nonstream-text.json'));
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content?.length).toBeGreaterThan(0);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    const sent = anthropic.received[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(anthropicKey);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body.model).toBe('claude-sonnet-4-5');
    expect(sent.body.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(sent.body.max_tokens).toBeGreaterThan(0);
  });

  it('streams chunks and a usage chunk when asked', async () => {
    anthropic.setScript(() => anthropicStream('stream-text-short-raw.sse'));
    const stream = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('runs a tool round trip with chat.completions.stream()', async () => {
    anthropic.setScript((_request, index) => (index === 0 ? anthropicStream('stream-text-then-tool-use-raw.sse') : anthropicJson('nonstream-text.json')));
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
    const runner = client.chat.completions.stream({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Weather in SF?' }], tools });
    const first = await runner.finalChatCompletion();
    const call = first.choices[0]!.message.tool_calls?.[0];
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    expect(call && 'function' in call ? call.function.name : undefined).toBeTruthy();
    const args = call && 'function' in call ? JSON.parse(call.function.arguments) as unknown : undefined;
    expect(typeof args).toBe('object');
    await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      tools,
      messages: [
        { role: 'user', content: 'Weather in SF?' },
        first.choices[0]!.message as OpenAI.ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: call!.id, content: '15 degrees' },
      ],
    });
    const messages = anthropic.received[1]!.body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    const assistant = messages[1]!;
    expect(assistant.role).toBe('assistant');
    expect(assistant.content.some((block) => block.type === 'tool_use' && block.id === call!.id)).toBe(true);
    expect(messages[2]!.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: call!.id, content: '15 degrees' });
  });

  it('maps response_format json_schema to native structured output', async () => {
    anthropic.setScript(() => anthropicJson('nonstream-text.json'));
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Name?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema } },
    });
    expect(anthropic.received[0]!.body.output_config).toMatchObject({ format: { type: 'json_schema', schema } });
  });

  it('sends images and PDFs as Claude content blocks', async () => {
    anthropic.setScript(() => anthropicJson('nonstream-text.json'));
    await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'Describe both' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
        ],
      }],
    });
    const content = (anthropic.received[0]!.body.messages as Array<{ content: unknown[] }>)[0]!.content;
    expect(content).toContainEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } });
    expect(content).toContainEqual(expect.objectContaining({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } }));
  });

  it('returns thinking as reasoning_content, streaming and not', async () => {
    anthropic.setScript(() => anthropicJson('nonstream-thinking-text-tool-use.json'));
    const completion = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Think' }], reasoning_effort: 'low' });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.reasoning_content?.length).toBeGreaterThan(0);
    expect(anthropic.received[0]!.body.thinking).toMatchObject({ type: 'enabled' });

    anthropic.setScript(() => anthropicStream('stream-thinking-then-text-raw.sse'));
    const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Think' }], stream: true });
    let reasoning = '';
    for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    expect(reasoning.length).toBeGreaterThan(0);
  });

  it('passes OpenAI models through to the OpenAI backend untranslated', async () => {
    openaiBackend.setScript(() => ({ kind: 'sse', chunks: sseFramesOf(readFixture('upstream/openai-chat/openai/stream-text-plain.sse')) }));
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(await response.text()).toBe(readFixture('upstream/openai-chat/openai/stream-text-plain.sse'));
    expect(openaiBackend.received[0]!.body.model).toBe('gpt-4o-mini');
    expect(anthropic.received).toHaveLength(0);
  });

  it('forwards the client body byte for byte when the model name is unchanged', async () => {
    openaiBackend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const raw = '{ "model" : "gpt-4o-mini",  "messages": [{"role":"user","content":"x"}], "x_vendor_field": {"keep": true} }';
    const response = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(response.status).toBe(200);
    expect(openaiBackend.received[0]!.rawBody).toBe(raw);
  });

  it('passes n > 1, logprobs and top_logprobs through to an OpenAI backend (Claude limits apply only to Claude)', async () => {
    openaiBackend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', n: 2, logprobs: true, top_logprobs: 3, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
    const sent = openaiBackend.received.at(-1)!.body;
    expect([sent.n, sent.logprobs, sent.top_logprobs]).toEqual([2, true, 3]);
    expect(anthropic.received).toHaveLength(0);
  });

  it('the OpenAI SDK gets both choices of n: 2 through the passthrough', async () => {
    const completion = chatCompletion({ content: 'first' }) as { choices: Array<Record<string, unknown>> };
    completion.choices.push({ index: 1, message: { role: 'assistant', content: 'second' }, finish_reason: 'stop' });
    openaiBackend.setScript(() => ({ kind: 'json', body: completion }));
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', n: 2, messages: [{ role: 'user', content: 'x' }] });
    expect(answer.choices.map((choice) => choice.message.content)).toEqual(['first', 'second']);
    expect(openaiBackend.received.at(-1)!.body).toMatchObject({ model: 'gpt-4o-mini', n: 2 });
    expect(anthropic.received).toHaveLength(0);
  });

  it('lists models in OpenAI format', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('claude-sonnet-4-5');
  });
});

describe('errors reach the OpenAI SDK in OpenAI form', () => {
  const create = () => apiErrorOf(client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }));

  it('401 is an AuthenticationError', async () => {
    anthropic.setScript(() => anthropicJson('error-401-authentication.json', 401));
    const error = await create();
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.error).toMatchObject({ type: 'authentication_error' });
  });

  it('429 passes retry-after on', async () => {
    anthropic.setScript(() => ({ kind: 'raw', status: 429, body: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}', headers: { 'content-type': 'application/json', 'retry-after': '3' } }));
    const error = await create();
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('3');
  });

  it('529 overloaded becomes a 503', async () => {
    anthropic.setScript(() => anthropicJson('error-529-overloaded.json', 529));
    const error = await create();
    expect(error.status).toBe(503);
    expect(error.message).toContain('Overloaded');
  });

  it('an unreachable Anthropic backend is a 502 naming it', async () => {
    const dead = await startTestProxy({ ANTHROPIC_UPSTREAM_URL: 'http://127.0.0.1:9', ANTHROPIC_UPSTREAM_API_KEY: 'k' });
    try {
      const deadClient = new OpenAI({ baseURL: `${dead.url}/v1`, apiKey: 'k', maxRetries: 0 });
      const error = await apiErrorOf(deadClient.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
      expect(error.status).toBe(502);
      expect(error.message).toContain('127.0.0.1:9');
    } finally {
      await dead.close(100);
    }
  });

  it('an error event mid-stream becomes an OpenAI error payload', async () => {
    // After message_start the role chunk is out (status 200); an error first is a real 503 (stream-first-event-error.test.ts).
    const [messageStart = ''] = anthropicStream('stream-text-short-raw.sse').chunks;
    anthropic.setScript(() => ({ kind: 'sse', chunks: [messageStart, ...anthropicStream('stream-error-event-overloaded.sse').chunks] }));
    const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }], stream: true });
    await expect((async () => {
      for await (const chunk of stream) void chunk;
    })()).rejects.toThrow(/verloaded/);
  });

  it('rejects n > 1 with a clear 400', async () => {
    const error = await apiErrorOf(client.chat.completions.create({ model: 'claude-sonnet-4-5', n: 2, messages: [{ role: 'user', content: 'x' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toMatch(/n > 1|n/);
    expect(anthropic.received).toHaveLength(0);
  });
});
