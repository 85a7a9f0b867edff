/**
 * The configuration file's routes against three mock backends on 127.0.0.1: every route
 * condition, a rule, the client's own `backend,model`, fallback on 503 and on a refused
 * connection, and access keys (required, accepted, limited), through the real server and the
 * official Anthropic and OpenAI SDKs.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { freePort } from '../support/free-port.js';
import { startTestProxyFromFile, type TestProxy } from '../support/start-test-proxy.js';

let fast: MockOpenAIBackend;
let smart: MockOpenAIBackend;
let vision: MockOpenAIBackend;
let proxy: TestProxy;
let closedPort: number;

/** Each mock answers with its own name, so a reply says where the request went. */
const answering = (name: string) => () => ({ kind: 'json' as const, body: chatCompletion({ content: name }) });

beforeAll(async () => {
  fast = await startMockOpenAIBackend(answering('fast'));
  smart = await startMockOpenAIBackend(answering('smart'));
  vision = await startMockOpenAIBackend(answering('vision'));
  closedPort = await freePort();
  proxy = await startTestProxyFromFile(`
accessKeys:
  - { name: alice, key: "\${ALICE_KEY}" }
  - { name: intern, key: "intern-key-1", routes: [background, default] }
  - { name: local-only, key: "local-key-1", backends: [fast] }
backends:
  fast: { kind: openai, baseUrl: "${fast.url}" }
  smart: { kind: openai, baseUrl: "${smart.url}" }
  vision: { kind: openai, baseUrl: "${vision.url}" }
  gone: { kind: openai, baseUrl: "http://127.0.0.1:${closedPort}/v1" }
routes:
  default: ["smart,smart-chat", "fast,fast-chat"]
  background: "fast,fast-small"
  think: ["gone,never", "smart,smart-reasoner"]
  longContext: { target: "vision,vision-long", thresholdTokens: 2000 }
  image: "vision,vision-see"
rules:
  - { name: opus, match: { model: "claude-opus-*" }, target: "smart,smart-big" }
retry: { retries: 0 }
`, { ALICE_KEY: 'alice-secret-key' });
});

afterAll(async () => {
  await proxy?.close(100);
  await Promise.all([fast?.close(), smart?.close(), vision?.close()]);
});

function client(apiKey = 'alice-secret-key'): Anthropic {
  return new Anthropic({ baseURL: proxy.url, apiKey, maxRetries: 0 });
}

async function ask(request: Partial<Anthropic.MessageCreateParamsNonStreaming>, apiKey?: string): Promise<{ text: string; model: string }> {
  const message = await client(apiKey).messages.create({ model: 'claude-sonnet-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], ...request });
  const block = message.content[0];
  return { text: block?.type === 'text' ? block.text : '', model: lastModel() };
}

/** The model the latest backend call asked for, whichever mock got it. */
function lastModel(): string {
  const all = [...fast.received, ...smart.received, ...vision.received].sort((a, b) => a.receivedAt - b.receivedAt);
  return String(all.at(-1)?.body.model);
}

const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('routes by Claude Code task', () => {
  it('sends a plain request to the default route, and logs the route and the key name', async () => {
    expect(await ask({})).toEqual({ text: 'smart', model: 'smart-chat' });
    const line = proxy.logs.findLast((entry) => entry.includes('POST /v1/messages'))!;
    expect(line).toContain('route=default');
    expect(line).toContain('key=alice');
    expect(line).not.toContain('alice-secret-key');
  });

  it("hands each finished request's record to the runtime's request listeners", async () => {
    const records: Array<{ route?: string; backend?: string; key?: string; status: number }> = [];
    const listener = (record: (typeof records)[number]) => records.push({ route: record.route, backend: record.backend, key: record.key, status: record.status });
    proxy.runtime.requestListeners.add(listener);
    try {
      await ask({ model: 'claude-haiku-4-5' });
    } finally {
      proxy.runtime.requestListeners.delete(listener);
    }
    expect(records).toEqual([{ route: 'background', backend: 'fast', key: 'alice', status: 200 }]);
  });

  it('sends haiku-class names to background, thinking to think, an image to image, a long request to longContext', async () => {
    expect(await ask({ model: 'claude-haiku-4-5-20251001' })).toEqual({ text: 'fast', model: 'fast-small' });
    expect(await ask({ thinking: { type: 'enabled', budget_tokens: 1024 } })).toEqual({ text: 'smart', model: 'smart-reasoner' });
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: png } };
    expect(await ask({ messages: [{ role: 'user', content: [image, { type: 'text', text: 'what is it' }] }] })).toEqual({ text: 'vision', model: 'vision-see' });
    expect(await ask({ messages: [{ role: 'user', content: 'long '.repeat(2_000) }] })).toEqual({ text: 'vision', model: 'vision-long' });
  });

  it('lets a rule win, and serves the client\'s own backend,model', async () => {
    expect(await ask({ model: 'claude-opus-4-8', thinking: { type: 'adaptive' } })).toEqual({ text: 'smart', model: 'smart-big' });
    expect(await ask({ model: 'vision,any-model' })).toEqual({ text: 'vision', model: 'any-model' });
  });

  it('falls back past a refused connection (think: gone, then smart)', async () => {
    await ask({ thinking: { type: 'adaptive' } });
    expect(proxy.logs.some((entry) => /gone failed .*trying the next candidate/.test(entry))).toBe(true);
  });

  it('falls back to the next target when the first answers 503', async () => {
    smart.setScript(() => ({ kind: 'json', status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } }));
    try {
      expect(await ask({})).toEqual({ text: 'fast', model: 'fast-chat' });
    } finally {
      smart.setScript(answering('smart'));
    }
  });

  it('routes OpenAI clients through the same routes', async () => {
    const openai = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'alice-secret-key', maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('fast');
  });
});

describe('access keys', () => {
  it('refuses a request without a key or with a wrong one (401)', async () => {
    await expect(ask({}, 'wrong-key')).rejects.toMatchObject({ status: 401 });
    const response = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain('accessKeys of test.yaml');
  });

  it('limits a key to its routes (403 naming the route) and to its backends', async () => {
    expect(await ask({ model: 'claude-haiku-4-5' }, 'intern-key-1')).toMatchObject({ text: 'fast' });
    await expect(ask({ thinking: { type: 'adaptive' } }, 'intern-key-1')).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/may not use the route \\?"think/) });
    // default is smart then fast: a key limited to fast gets fast at once.
    expect(await ask({}, 'local-key-1')).toEqual({ text: 'fast', model: 'fast-chat' });
    await expect(ask({ model: 'vision,x' }, 'local-key-1')).rejects.toMatchObject({ status: 403 });
  });
});
