import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chatCompletion,
  chatStream,
  readFixture,
  sseFramesOf,
  startMockOpenAIBackend,
  type MockOpenAIBackend,
} from '../support/mock-openai-backend.js';
import { sendRawRequest } from '../support/raw-http-request.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const backendKey = 'sk-test-backend-secret-123456';
let backend: MockOpenAIBackend;
let proxy: TestProxy;
let client: Anthropic;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'hi' }) }));
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, API_KEY: backendKey, OPEN_MODEL: 'gpt-4o', HAIKU_MODEL: 'gpt-4o-mini' });
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'client-key', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

beforeEach(() => {
  backend.received.length = 0;
});

describe('Anthropic SDK through the proxy to an OpenAI backend', () => {
  it('messages.create returns the backend text and maps the model', async () => {
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'Hello from gpt' }) }));
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1000,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from gpt' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(message.usage.output_tokens).toBe(7);
    const sent = backend.received[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body.model).toBe('gpt-4o');
    expect(sent.headers.authorization).toBe(`Bearer ${backendKey}`);
    expect(sent.body.messages).toEqual([{ role: 'user', content: 'Say hi' }]);
  });

  it('routes a haiku model to HAIKU_MODEL', async () => {
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'small' }) }));
    await client.messages.create({ model: 'claude-haiku-4-5-20251001', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] });
    expect(backend.received[0]!.body.model).toBe('gpt-4o-mini');
  });

  it('messages.stream() yields text deltas and a final message with usage', async () => {
    backend.setScript(() => ({ kind: 'sse', chunks: sseFramesOf(readFixture('upstream/openai-chat/openai/stream-text-plain.sse')) }));
    const stream = client.messages.stream({ model: 'claude-opus-4-8', max_tokens: 1000, messages: [{ role: 'user', content: 'weather?' }] });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expect(text.length).toBeGreaterThan(10);
    expect(final.content[0]).toEqual({ type: 'text', text });
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(backend.received[0]!.body.stream).toBe(true);
    expect(backend.received[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('holds a full tool round trip: tool_use out, tool_result back as a tool message', async () => {
    backend.setScript((_request, index) =>
      index === 0
        ? {
            kind: 'sse',
            chunks: chatStream(
              [
                { role: 'assistant', content: 'Let me run it.' },
                { tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'Bash', arguments: '' } }] },
                { tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] },
                { tool_calls: [{ index: 0, function: { arguments: '"echo hi"}' } }] },
              ],
              'tool_calls',
            ),
          }
        : { kind: 'json', body: chatCompletion({ content: 'It printed hi.' }) },
    );
    const tools: Anthropic.Tool[] = [
      { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
    ];
    const first = await client.messages.stream({ model: 'claude-opus-4-8', max_tokens: 1000, tools, messages: [{ role: 'user', content: 'run echo hi' }] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', id: 'call_abc', name: 'Bash', input: { command: 'echo hi' } });
    const second = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 1000,
      tools,
      messages: [
        { role: 'user', content: 'run echo hi' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_abc', content: 'hi' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It printed hi.' }]);
    const messages = backend.received[1]!.body.messages as Array<Record<string, unknown>>;
    const assistant = messages.find((message) => message.role === 'assistant')!;
    expect(assistant.tool_calls).toEqual([{ id: 'call_abc', type: 'function', function: { name: 'Bash', arguments: '{"command":"echo hi"}' } }]);
    const tool = messages.find((message) => message.role === 'tool')!;
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: 'call_abc' });
    expect(String(tool.content)).toContain('hi');
    expect((backend.received[1]!.body.tools as unknown[]).length).toBe(1);
  });

  it('turns DeepSeek reasoning_content into a thinking block', async () => {
    backend.setScript(() => ({ kind: 'sse', chunks: sseFramesOf(readFixture('upstream/openai-chat/deepseek/stream-reasoning-content.sse')) }));
    const final = await client.messages
      .stream({ model: 'claude-opus-4-8', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: '9.11 vs 9.8?' }] })
      .finalMessage();
    expect(final.content[0]!.type).toBe('thinking');
    expect((final.content[0] as Anthropic.ThinkingBlock).thinking.length).toBeGreaterThan(10);
    expect(final.content.some((block) => block.type === 'text')).toBe(true);
  });

  it('sends images as image_url data URLs', async () => {
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'a red pixel' }) }));
    await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, { type: 'text', text: 'what is it?' }] }],
    });
    const content = (backend.received[0]!.body.messages as Array<{ content: unknown }>)[0]!.content;
    expect(content).toEqual([
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'text', text: 'what is it?' },
    ]);
  });

  it('estimates count_tokens locally with the o200k tokenizer, without calling the backend', async () => {
    const small = await client.messages.countTokens({ model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hello' }] });
    const large = await client.messages.countTokens({ model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hello world, '.repeat(200) }] });
    expect(small.input_tokens).toBeGreaterThan(0);
    expect(large.input_tokens).toBeGreaterThan(small.input_tokens + 300);
    expect(backend.received).toHaveLength(0);
  });

  it('answers count_tokens with the fields and types of the recorded Anthropic answer (anthropic-messages/anthropic/count-tokens.json)', async () => {
    const recorded = JSON.parse(readFixture('upstream/anthropic-messages/anthropic/count-tokens.json')) as Record<string, unknown>;
    const shape = (value: object) => Object.entries(value).map(([key, field]) => [key, Number.isInteger(field) ? 'integer' : typeof field]).sort();
    const answer = await fetch(`${proxy.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(shape((await answer.json()) as object)).toEqual(shape(recorded));
    // The SDK's own type for the answer, and what it reads from the proxy's body.
    const counted: Anthropic.MessageTokensCount = await client.messages.countTokens({ model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hello' }] });
    expect(shape(counted)).toEqual(shape(recorded));
  });

  it("answers Claude Code's captured preconnect (clients/claude-code/00-head-preconnect.json)", async () => {
    const capture = JSON.parse(readFixture('clients/claude-code/00-head-preconnect.json')) as { method: string; path: string; headers: Record<string, string> };
    const answer = await sendRawRequest(proxy.url, { method: capture.method, path: capture.path, headers: capture.headers });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });
});

describe('errors reach the SDK in Anthropic form', () => {
  it('401 from the backend is an AuthenticationError', async () => {
    backend.setScript(() => ({ kind: 'raw', status: 401, body: readFixture('upstream/openai-chat/openai/error-401-invalid-api-key.json'), headers: { 'content-type': 'application/json' } }));
    const error = await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as APIError).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('429 passes retry-after on', async () => {
    backend.setScript(() => ({ kind: 'raw', status: 429, body: readFixture('upstream/openai-chat/openai/error-429-rate-limit-tpm.json'), headers: { 'content-type': 'application/json', 'retry-after': '7' } }));
    const error = (await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught)) as APIError;
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('7');
  });

  it('500 with an HTML body is an InternalServerError without internals', async () => {
    backend.setScript(() => ({ kind: 'raw', status: 500, body: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } }));
    const error = (await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught)) as APIError;
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(JSON.stringify(error.error)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('an unreachable backend is a 502 that names the backend URL', async () => {
    const dead = await startTestProxy({ OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'm' });
    try {
      const deadClient = new Anthropic({ baseURL: dead.url, apiKey: 'k', maxRetries: 0 });
      const error = (await deadClient.messages.create({ model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught)) as APIError;
      expect(error.status).toBe(502);
      expect(error.message).toContain('127.0.0.1:9');
    } finally {
      await dead.close(100);
    }
  });

  it('a stream cut mid-way ends with an error the SDK raises', async () => {
    const frames = chatStream([{ role: 'assistant', content: 'partial ' }, { content: 'answer' }]);
    backend.setScript(() => ({ kind: 'cut', chunks: frames.slice(0, 2) }));
    const stream = client.messages.stream({ model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] });
    await expect(stream.finalMessage()).rejects.toThrow();
  });

  it('invalid JSON and a missing messages field are clear 400s', async () => {
    const invalid = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') } });
    const missing = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5 }) });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('messages');
  });

  it('unknown paths are 404 in the Anthropic envelope; HEAD / and /health answer 200', async () => {
    const notFound = await fetch(`${proxy.url}/v1/nothing`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect((await fetch(proxy.url, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
    expect(notFound.headers.get('request-id')).toMatch(/^req_/);
  });

  it('every answer on the API paths carries a request-id: JSON, stream, count_tokens, models, passthrough, 400, 404, 405', async () => {
    backend.setScript((request) =>
      request.body.stream === true ? { kind: 'sse', chunks: chatStream([{ content: 'hi' }]) } : { kind: 'json', body: chatCompletion({ content: 'hi' }) },
    );
    const say = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], ...extra });
    const post = (path: string, body: string) => fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answers = await Promise.all([
      post('/v1/messages', say()),
      post('/v1/messages', say({ stream: true })),
      post('/v1/messages/count_tokens', say()),
      fetch(`${proxy.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } }),
      fetch(`${proxy.url}/v1/models`),
      post('/v1/chat/completions', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })),
      post('/v1/messages', '{"model":'),
      fetch(`${proxy.url}/v1/nothing`),
      fetch(`${proxy.url}/v1/messages`),
    ]);
    for (const answer of answers) await answer.arrayBuffer();
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 400, 404, 405]);
    expect(answers.map((answer) => answer.headers.get('request-id'))).toEqual(answers.map(() => expect.stringMatching(/^req_/)));
  });

  it('never logs the backend key', () => {
    expect(proxy.logs.length).toBeGreaterThan(5);
    expect(proxy.logs.join('\n')).not.toContain(backendKey);
  });
});
