import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';
import { freePort } from '../support/free-port.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function withBackend(script: Parameters<typeof startMockOpenAIBackend>[0]): Promise<MockOpenAIBackend> {
  const backend = await startMockOpenAIBackend(script);
  cleanups.push(() => backend.close());
  return backend;
}

async function withProxy(env: Record<string, string>): Promise<TestProxy> {
  const proxy = await startTestProxy(env);
  cleanups.push(() => proxy.close(100));
  return proxy;
}


const ask = (url: string, model = 'claude-opus-4-8') =>
  new Anthropic({ baseURL: url, apiKey: 'k', maxRetries: 0 }).messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });

describe('model discovery', () => {
  it('uses the first model of the backend /models when OPEN_MODEL is not set, and says so', async () => {
    const backend = await withBackend((request) =>
      request.path.endsWith('/models')
        ? { kind: 'json', body: { object: 'list', data: [{ id: 'qwen3:8b', object: 'model' }, { id: 'llama3.2', object: 'model' }] } }
        : { kind: 'json', body: chatCompletion({ content: 'ok' }) },
    );
    const proxy = await withProxy({ OPEN_AI_URL: backend.url });
    await ask(proxy.url);
    await ask(proxy.url);
    const chats = backend.received.filter((request) => request.path.endsWith('/chat/completions'));
    expect(chats.map((request) => request.body.model)).toEqual(['qwen3:8b', 'qwen3:8b']);
    expect(backend.received.filter((request) => request.path.endsWith('/models'))).toHaveLength(1);
    expect(proxy.logs.join('\n')).toContain('using "qwen3:8b"');
  });

  it('names OPEN_MODEL in the error when discovery fails', async () => {
    const backend = await withBackend(() => ({ kind: 'raw', status: 404, body: 'no such route' }));
    const proxy = await withProxy({ OPEN_AI_URL: backend.url });
    await expect(ask(proxy.url)).rejects.toThrow(/OPEN_MODEL/);
  });

  it('an unreachable backend during discovery is a 502 that names it and the fix, not a 400', async () => {
    const port = await freePort();
    const backendUrl = `http://127.0.0.1:${port}/v1`;
    const proxy = await withProxy({ OPEN_AI_URL: backendUrl });
    const error = (await ask(proxy.url).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.status).toBe(502);
    expect(error.message).toContain(backendUrl);
    expect(error.message).toMatch(/OPEN_MODEL/);
  });
});

describe('loop guard', () => {
  it('refuses a backend URL that is the proxy itself, with a clear error', async () => {
    const port = await freePort();
    const backend = await withBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'never' }) }));
    const proxy = await startTestProxy({ OPEN_AI_URL: `http://localhost:${port}/v1`, OPEN_MODEL: 'm' }, { port });
    cleanups.push(() => proxy.close(100));
    expect(proxy.runtime.loopBackends.has('default')).toBe(true);
    const error = (await ask(proxy.url).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(508);
    expect(error.message).toContain('points at this proxy itself');
    // Claude Code's SDK must not retry a loop ten times.
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(backend.received).toHaveLength(0);
  });

  it('a request carrying this proxy\'s own hop id is refused (a loop through another name or hop)', async () => {
    const backend = await withBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'never' }) }));
    const self = await withProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'm' });
    const response = await fetch(`${self.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-claude-proxy-hop': self.runtime.instanceId },
      body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(508);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('Loop detected');
    expect(backend.received).toHaveLength(0);
  });
});

describe('the request log line', () => {
  it('names what translation lost at the default log level (warn=)', async () => {
    const backend = await withBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const proxy = await withProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'deepseek-chat' });
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
    await client.messages.create({ model: 'claude-opus-4-8', max_tokens: 16_000, top_k: 5, messages: [{ role: 'user', content: 'hi' }] } as Anthropic.MessageCreateParamsNonStreaming);
    const line = proxy.logs.find((entry) => entry.includes('POST /v1/messages'));
    expect(line).toMatch(/ warn=\S*dropped:top_k/);
    expect(line).toMatch(/ warn=\S*clamped:max_tokens/);
    expect(proxy.logs.some((entry) => entry.startsWith('debug:'))).toBe(false);
  });

  it('counts every prompt token, cached or written to the cache, streamed or not (tokens=prompt/completion)', async () => {
    const usage = { prompt_tokens: 100, completion_tokens: 7, total_tokens: 107, prompt_tokens_details: { cached_tokens: 60, cache_write_tokens: 30 } };
    const backend = await withBackend((request) =>
      request.body.stream === true
        ? { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'ok' }], 'stop', usage) }
        : { kind: 'json', body: chatCompletion({ content: 'ok' }, 'stop', usage) },
    );
    const proxy = await withProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'm' });
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
    const params = { model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
    const answer = await client.messages.create(params);
    // The client sees Anthropic's split: 10 uncached + 60 read + 30 written.
    expect(answer.usage).toMatchObject({ input_tokens: 10, cache_read_input_tokens: 60, cache_creation_input_tokens: 30 });
    await client.messages.stream(params).finalMessage();
    const lines = proxy.logs.filter((entry) => entry.includes('POST /v1/messages'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/ tokens=100\/7( |$)/);
  });
});

describe('log injection', () => {
  it('a model name with CR, LF and ESC stays on one log line, with visible escapes', async () => {
    const backend = await withBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const proxy = await withProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'm' });
    const forged = 'x\r\n12:00:00.000 req_forged POST /v1/messages 200\u001b[31m';
    await ask(proxy.url, forged).catch(() => undefined);
    expect(proxy.logs.some((line) => line.includes('req_forged') && !line.includes('POST /v1/messages x'))).toBe(false);
    const line = proxy.logs.find((entry) => entry.includes('req_forged'));
    expect(line).toContain('x\\r\\n12:00:00.000 req_forged');
    expect(line).toContain('\\x1b[31m');
    expect(proxy.logs.join('\n')).not.toMatch(/[\r\u001b]/);
  });
});

describe('models list', () => {
  it('lists the mapped claude-style aliases in Anthropic format for Anthropic clients', async () => {
    const proxy = await withProxy({ OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'gpt-4o', HAIKU_MODEL: 'gpt-4o-mini' });
    const response = await fetch(`${proxy.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
    const list = (await response.json()) as { data: Array<{ id: string; type: string }>; has_more: boolean };
    expect(list.has_more).toBe(false);
    expect(list.data.every((model) => model.type === 'model')).toBe(true);
    expect(list.data.map((model) => model.id)).toEqual(expect.arrayContaining(['claude-fable-5-2', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'gpt-4o', 'gpt-4o-mini']));
  });

  it('every entry has every key the official SDK declares for ModelInfo, through the SDK itself', async () => {
    const proxy = await withProxy({ OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'gpt-4o', HAIKU_MODEL: 'gpt-4o-mini' });
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
    const entries: Anthropic.ModelInfo[] = [];
    for await (const model of client.models.list()) entries.push(model);
    // The keys ModelInfo declares required in @anthropic-ai/sdk 1.15 (resources/models.d.ts).
    const required: Array<keyof Anthropic.ModelInfo> = ['id', 'capabilities', 'created_at', 'deprecated_at', 'display_name', 'lifecycle', 'line', 'max_input_tokens', 'max_tokens', 'retires_at', 'type'];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      for (const key of required) expect(entry, `${entry.id}.${key}`).toHaveProperty(key);
      expect(['active', 'deprecated', 'retired']).toContain(entry.lifecycle);
      expect(Number.isNaN(Date.parse(entry.created_at))).toBe(false);
    }
    expect(entries.find((entry) => entry.id === 'claude-haiku-5-5')?.line).toBe('haiku');
    expect(entries.find((entry) => entry.id === 'gpt-4o')?.line).toBeNull();
  });
});

describe('proxy key', () => {
  it('requires PROXY_API_KEY when set, from x-api-key or Bearer', async () => {
    const backend = await withBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const proxy = await withProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'm', PROXY_API_KEY: 'proxy-secret-42' });
    const denied = await ask(proxy.url).catch((caught: unknown) => caught);
    expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
    const allowed = await new Anthropic({ baseURL: proxy.url, apiKey: 'proxy-secret-42', maxRetries: 0 }).messages.create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(allowed.content[0]).toMatchObject({ text: 'ok' });
    const bearer = await new Anthropic({ baseURL: proxy.url, authToken: 'proxy-secret-42', apiKey: null, maxRetries: 0 }).messages.create({ model: 'claude-opus-4-8', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(bearer.content[0]).toMatchObject({ text: 'ok' });
    expect(backend.received.every((request) => request.headers.authorization === undefined || !String(request.headers.authorization).includes('proxy-secret-42'))).toBe(true);
  });
});
