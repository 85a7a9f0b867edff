/**
 * POST /v1/responses through the real server, with the official `openai` SDK's
 * `responses.create` and `responses.stream` as the client: on a Chat Completions backend (through
 * Anthropic Messages and the Anthropic-on-Chat translator) and on an Anthropic backend. Every
 * stream the client gets is checked by the strict Responses grammar validator.
 */
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../support/claude-cli-stack.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockScript } from '../support/mock-openai-backend.js';
import { validateResponsesSse } from '../support/responses-stream-validator.js';
import { startTestProxy, startTestProxyFromFile, type TestProxy } from '../support/start-test-proxy.js';
import { readUpstreamFixture } from '../support/replay-openai-stream.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function stack(script: MockScript, env: Record<string, string> = {}): Promise<{ backend: MockOpenAIBackend; proxy: TestProxy; client: OpenAI }> {
  const backend = await startMockOpenAIBackend(script);
  cleanups.push(() => backend.close());
  const proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'chat-model', ...env });
  cleanups.push(() => proxy.close(100));
  return { backend, proxy, client: new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'k', maxRetries: 0 }) };
}

/** The raw SSE body of a streamed Responses request, for the grammar validator. */
async function rawStream(proxy: TestProxy, body: Record<string, unknown>): Promise<Uint8Array> {
  const response = await fetch(`${proxy.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return new Uint8Array(await response.arrayBuffer());
}

const weatherTool = { type: 'function' as const, name: 'get_weather', description: 'Weather of a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

describe('Responses API on a Chat Completions backend', () => {
  it('answers responses.create and responses.stream; the stream is in the strict grammar', async () => {
    const { backend, proxy, client } = await stack((request) =>
      request.body.stream === true ? { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'Hel' }, { content: 'lo!' }]) } : { kind: 'json', body: chatCompletion({ content: 'Hello!' }) },
    );
    const created = await client.responses.create({ model: 'gpt-5-codex', input: 'say hi', instructions: 'Be brief.', prompt_cache_key: 'thread-7' });
    expect(created.output_text).toBe('Hello!');
    expect(created.status).toBe('completed');
    expect(created.usage).toMatchObject({ input_tokens: 11, output_tokens: 7 });
    const sent = backend.received.at(-1)!.body;
    // Not a Claude name: an OpenAI client's model goes to the backend as it is (environment mode).
    expect(sent.model).toBe('gpt-5-codex');
    expect(sent.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'say hi' }]);
    // Through the Anthropic middle step, which has no field for it.
    expect(sent.prompt_cache_key).toBe('thread-7');

    const stream = client.responses.stream({ model: 'gpt-5-codex', input: 'say hi' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello!');
    expect(deltas.join('')).toBe('Hello!');

    const validated = validateResponsesSse(await rawStream(proxy, { model: 'gpt-5-codex', input: 'say hi' }), 'strict');
    expect(validated).toMatchObject({ status: 'completed', items: [{ type: 'message', text: 'Hello!' }] });
    expect(proxy.logs.some((line) => line.includes('POST /v1/responses gpt-5-codex @default stream 200'))).toBe(true);
  });

  it('runs a tool round trip: a function_call item, then its output back as a tool message', async () => {
    const { backend, proxy, client } = await stack((request) => {
      const messages = request.body.messages as Array<{ role: string }>;
      if (messages.some((message) => message.role === 'tool')) return answer(request, [{ role: 'assistant', content: 'It is sunny.' }]);
      return answer(
        request,
        [{ role: 'assistant', tool_calls: [{ index: 0, id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, { tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }],
        'tool_calls',
      );
    });
    const first = validateResponsesSse(await rawStream(proxy, { model: 'm', input: 'weather in Paris?', tools: [weatherTool] }), 'strict');
    expect(first.items).toEqual([{ type: 'function_call', id: expect.any(String), text: '{"city":"Paris"}', name: 'get_weather' }]);
    expect((backend.received[0]!.body.tools as Array<{ function: { name: string } }>)[0]!.function.name).toBe('get_weather');

    const second = await client.responses.create({
      model: 'm',
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'weather in Paris?' },
        { type: 'function_call', call_id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_w1', output: 'sunny, 24 C' },
      ],
      stream: false,
    });
    expect(second.output_text).toBe('It is sunny.');
    const sentMessages = backend.received.at(-1)!.body.messages as Array<Record<string, unknown>>;
    expect(sentMessages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sentMessages[1]).toMatchObject({ tool_calls: [{ id: 'call_w1', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] });
    expect(sentMessages[2]).toMatchObject({ tool_call_id: 'call_w1', content: 'sunny, 24 C' });
  });

  it("carries the backend's reasoning to the next turn inside encrypted_content (DeepSeek's reasoning_content)", async () => {
    const { backend, client } = await stack(
      (request) => answer(request, [{ role: 'assistant', reasoning_content: 'Think: 2+2.' }, { content: '4' }]),
      { MODEL_CAPABILITIES: JSON.stringify({ m: { reasoningEcho: 'reasoning_content' } }) },
    );
    const first = await client.responses.stream({ model: 'm', input: '2+2?', reasoning: { effort: 'medium', summary: 'auto' } }).finalResponse();
    const reasoning = first.output.find((item) => item.type === 'reasoning')!;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Think: 2+2.' }] });
    await client.responses.create({
      model: 'm',
      stream: false,
      input: [{ role: 'user', content: '2+2?' }, ...first.output, { role: 'user', content: 'and 3+3?' }] as OpenAI.Responses.ResponseInput,
    });
    const assistant = (backend.received.at(-1)!.body.messages as Array<Record<string, unknown>>).find((message) => message.role === 'assistant')!;
    expect(assistant).toMatchObject({ content: '4', reasoning_content: 'Think: 2+2.' });
  });

  it('refuses state the proxy does not keep and passes a backend 429 on as a 429, in OpenAI form', async () => {
    const { client } = await stack(() => ({ kind: 'json', status: 429, body: { error: { message: 'slow down', type: 'rate_limit_error' } }, headers: { 'retry-after': '7' } }));
    await expect(client.responses.create({ model: 'm', input: 'hi', previous_response_id: 'resp_1' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('previous_response_id is not supported') });
    await expect(client.responses.create({ model: 'm', input: 'hi' })).rejects.toMatchObject({ status: 429 });
  });
});

/** An Anthropic Messages SSE stream of one thinking block and one text block. */
function anthropicStream(): string[] {
  const frame = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return [
    frame('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-5-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 20, cache_read_input_tokens: 5, output_tokens: 1 } } }),
    frame('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    frame('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Short.' } }),
    frame('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'claude-signature-1' } }),
    frame('content_block_stop', { index: 0 }),
    frame('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    frame('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hi from Claude.' } }),
    frame('content_block_stop', { index: 1 }),
    frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } }),
    frame('message_stop', {}),
  ];
}

describe('Responses API on an Anthropic backend', () => {
  it('streams thinking as a reasoning item with its signature and sends it back as Claude thinking', async () => {
    const claude = await startMockOpenAIBackend(() => ({ kind: 'sse', chunks: anthropicStream() }));
    cleanups.push(() => claude.close());
    const { proxy, client } = await stack(() => ({ kind: 'json', body: chatCompletion({ content: 'not me' }) }), {
      ANTHROPIC_UPSTREAM_URL: claude.url,
      ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-upstream-0123456789',
    });
    const validated = validateResponsesSse(await rawStream(proxy, { model: 'anthropic,claude-sonnet-5-5', input: 'hi', reasoning: { effort: 'low' }, prompt_cache_key: 'thread-7' }), 'strict');
    expect(validated.items.map((item) => [item.type, item.text])).toEqual([['reasoning', 'Short.'], ['message', 'Hi from Claude.']]);
    expect(validated.usage).toMatchObject({ input_tokens: 25, input_tokens_details: { cached_tokens: 5 }, output_tokens: 9 });
    const sent = claude.received.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-upstream-0123456789');
    expect(sent.body).toMatchObject({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'hi' }], stream: true });
    // Claude has no cache key: a prompt_cache_key turns on its automatic caching instead.
    expect(sent.body.cache_control).toEqual({ type: 'ephemeral' });
    expect(sent.body).not.toHaveProperty('prompt_cache_key');

    const first = await client.responses.stream({ model: 'anthropic,claude-sonnet-5-5', input: 'hi' }).finalResponse();
    await client.responses.stream({ model: 'anthropic,claude-sonnet-5-5', input: [{ role: 'user', content: 'hi' }, ...first.output, { role: 'user', content: 'more' }] as OpenAI.Responses.ResponseInput }).finalResponse();
    const echoed = claude.received.at(-1)!.body.messages as Array<{ role: string; content: unknown }>;
    expect(echoed[1]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'Short.', signature: 'claude-signature-1' }, { type: 'text', text: 'Hi from Claude.' }] });
  });
});

describe("Codex's tool search (the captured request after a search, 04-tool-search-output-request.json)", () => {
  const codexAfterSearch = (JSON.parse(readFileSync(new URL('../fixtures/clients/codex/04-tool-search-output-request.json', import.meta.url), 'utf8')) as { body: Record<string, unknown> }).body;

  it('is served on a Chat backend and on Claude: the loaded tools sent, the search result in its place, never a 4xx', async () => {
    const claude = await startMockOpenAIBackend(() => ({ kind: 'sse', chunks: anthropicStream() }));
    cleanups.push(() => claude.close());
    const { backend, proxy } = await stack((request) => answer(request, [{ role: 'assistant', content: 'Spawning.' }]), { ANTHROPIC_UPSTREAM_URL: claude.url, ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-upstream-0123456789' });

    expect(validateResponsesSse(await rawStream(proxy, { ...codexAfterSearch, model: 'chat-model' }), 'strict').status).toBe('completed');
    const chat = backend.received.at(-1)!.body as { tools: Array<{ function: { name: string } }>; messages: Array<{ role: string; content: unknown }> };
    expect(chat.tools.map((tool) => tool.function.name)).toEqual(expect.arrayContaining(['tool_search', 'multi_agent_v1__spawn_agent']));
    expect(String(chat.messages.find((message) => message.role === 'tool')?.content)).toContain('multi_agent_v1__spawn_agent');

    expect(validateResponsesSse(await rawStream(proxy, { ...codexAfterSearch, model: 'anthropic,claude-sonnet-5-5' }), 'strict').status).toBe('completed');
    const sent = claude.received.at(-1)!.body as { tools: Array<{ name: string; defer_loading?: boolean }>; messages: Array<{ role: string; content: unknown }> };
    expect(sent.tools.filter((tool) => tool.defer_loading === true).map((tool) => tool.name)).toContain('multi_agent_v1__spawn_agent');
    expect(sent.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_ts1', content: expect.arrayContaining([{ type: 'tool_reference', tool_name: 'multi_agent_v1__spawn_agent' }]) }] });
  });
});

describe('remote compaction (Codex)', () => {
  const summary = 'Goal: a landing page. Done: index.html. Next: add the form.';
  const history = [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Create a landing page.' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Here is index.html ...' }] },
  ];

  it('answers a compaction_trigger stream with exactly one compaction item, which becomes the summary next turn', async () => {
    const { backend, proxy } = await stack((request) => answer(request, [{ role: 'assistant', content: summary }]));
    const bytes = await rawStream(proxy, { model: 'm', input: [...history, { type: 'compaction_trigger' }], store: false });
    const validated = validateResponsesSse(bytes, 'strict');
    expect(validated.items.map((item) => item.type)).toEqual(['compaction']);
    const asked = backend.received.at(-1)!.body;
    expect(asked.stream).toBeFalsy();
    expect(JSON.stringify((asked.messages as unknown[]).at(-1))).toContain('checkpoint');
    const events = new TextDecoder().decode(bytes).split('\n').filter((line) => line.startsWith('data:')).map((line) => JSON.parse(line.slice(5)));
    const item = events.find((event) => event.type === 'response.output_item.done').item;

    const { client } = { client: new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'k', maxRetries: 0 }) };
    await client.responses.create({ model: 'm', stream: false, input: [history[0], item, { role: 'user', content: 'continue' }] as OpenAI.Responses.ResponseInput });
    const next = JSON.stringify(backend.received.at(-1)!.body.messages);
    expect(next).toContain(summary);
    expect(next).not.toContain('Here is index.html');
  });

  it('serves POST /v1/responses/compact on an Anthropic backend: the user messages and one compaction item', async () => {
    const claude = await startMockOpenAIBackend(() => ({
      kind: 'json',
      body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-5-5', content: [{ type: 'text', text: summary }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 40, output_tokens: 12 } },
    }));
    cleanups.push(() => claude.close());
    const { proxy } = await stack(() => ({ kind: 'json', body: chatCompletion({ content: 'not me' }) }), { ANTHROPIC_UPSTREAM_URL: claude.url, ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-upstream-0123456789' });
    const response = await fetch(`${proxy.url}/v1/responses/compact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'anthropic,claude-sonnet-5-5', input: history, instructions: 'You are Codex.' }) });
    expect(response.status).toBe(200);
    const compacted = (await response.json()) as { object: string; output: Array<{ type: string; role?: string }>; usage: { input_tokens: number } };
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output.map((item) => item.type)).toEqual(['message', 'compaction']);
    expect(compacted.output[0]).toMatchObject({ role: 'user' });
    expect(compacted.usage.input_tokens).toBe(40);
    const asked = claude.received.at(-1)!.body;
    expect(asked.system).toBe('You are Codex.');
    expect(asked.stream).toBeUndefined();
  });
});

describe('Responses API on a backend that speaks it (responsesApi: OpenAI)', () => {
  it('passes /v1/responses and /v1/responses/compact through: the model rewritten, the bytes piped back, the usage counted', async () => {
    const recorded = new TextDecoder().decode(readUpstreamFixture('openai-responses/openai/stream-text-raw.sse'));
    const backend = await startMockOpenAIBackend((request) =>
      request.path.endsWith('/responses/compact')
        ? { kind: 'json', body: { id: 'resp_c', object: 'response.compaction', created_at: 1, output: [{ id: 'cmp_1', type: 'compaction', encrypted_content: 'gAAAA' }], usage: { input_tokens: 10, output_tokens: 2 } } }
        : { kind: 'raw', body: recorded, headers: { 'content-type': 'text/event-stream' } },
    );
    cleanups.push(() => backend.close());
    const proxy = await startTestProxyFromFile(`backends:\n  openai: { kind: openai, baseUrl: "${backend.url}", apiKey: "sk-openai-test-0123456789", responsesApi: true }\nroutes: { default: "openai,gpt-5.1-codex" }\nretry: { retries: 0 }\n`);
    cleanups.push(() => proxy.close(100));

    const body = { model: 'gpt-5-codex', input: 'hi', stream: true, store: false };
    const bytes = await rawStream(proxy, body);
    expect(new TextDecoder().decode(bytes)).toBe(recorded);
    const sent = backend.received.at(-1)!;
    expect(sent.path).toBe('/v1/responses');
    expect(sent.body).toEqual({ ...body, model: 'gpt-5.1-codex' });
    expect(sent.headers.authorization).toBe('Bearer sk-openai-test-0123456789');
    await expect.poll(() => proxy.logs.some((line) => line.includes('POST /v1/responses') && line.includes('tokens=278/9'))).toBe(true);

    const compact = await fetch(`${proxy.url}/v1/responses/compact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5-codex', input: 'hi' }) });
    expect(compact.status).toBe(200);
    expect(await compact.json()).toMatchObject({ object: 'response.compaction', output: [{ type: 'compaction', encrypted_content: 'gAAAA' }] });
    expect(backend.received.at(-1)!.path).toBe('/v1/responses/compact');
  });
});
