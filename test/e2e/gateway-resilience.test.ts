/**
 * The gateway's resilience end to end: the real server, undici and two or three mock backends
 * on 127.0.0.1. Fallback on 503 and on a refused connection, `retry-after` honoured, no retry
 * once the answer has started, idle and total timeouts naming the backend and the limit (with
 * keep-alive pings meanwhile), keys used in turn and a 401 key rested.
 * The configuration is the file mode's: the backends, and a `default` route that chains them in
 * order (the plan's candidates).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendConfig, ProxyConfig, RetryPolicy, UpstreamTimeouts } from '../../src/config/config-types.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { createLogger } from '../../src/log/logger.js';
import { secretsOf, startServer, type RunningServer } from '../../src/runtime/node/start-server.js';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { freePort } from '../support/free-port.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockReply } from '../support/mock-openai-backend.js';
import { anthropicErrorOf, anthropicEventsOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxyFromFile } from '../support/start-test-proxy.js';

interface Gateway extends RunningServer {
  logs: string[];
}

interface BackendSpec {
  name: string;
  url: string;
  kind?: BackendConfig['kind'];
  keys?: string[];
  timeouts?: Partial<UpstreamTimeouts>;
}

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of started.splice(0).reverse()) await thing.close();
});

/** A file-mode configuration: these backends, chained in this order by the `default` route, and this retry policy. */
async function startGateway(backends: BackendSpec[], retry: Partial<RetryPolicy>, overrides: Partial<ProxyConfig> = {}): Promise<Gateway> {
  const base = parseConfig({ LOG_LEVEL: 'info' }, { port: 0, host: '127.0.0.1' });
  const config: ProxyConfig = {
    ...base,
    backends: backends.map((spec): BackendConfig => ({
      name: spec.name,
      kind: spec.kind ?? 'openai',
      baseUrl: spec.kind === 'anthropic' ? spec.url.replace(/\/v1$/, '') : spec.url,
      apiKey: spec.keys?.[0],
      apiKeys: spec.keys ?? [],
      source: 'test',
      ...(spec.timeouts && { timeouts: spec.timeouts }),
    })),
    defaultBackend: backends[0]!.name,
    defaultModel: 'mock-model',
    source: { kind: 'file', path: 'gateway-resilience.test.ts (in memory)' },
    routes: { default: backends.map((spec) => ({ backend: spec.name, model: 'mock-model' })) },
    retry: { ...base.retry, baseDelayMs: 20, maxDelayMs: 40, ...retry },
    ...overrides,
  };
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', secrets: secretsOf(config), write: (line) => logs.push(line) });
  const gateway = Object.assign(await startServer(config, { logger }), { logs });
  started.push({ close: () => gateway.close(100) });
  return gateway;
}

async function mockBackend(script: (index: number) => MockReply): Promise<MockOpenAIBackend> {
  const backend = await startMockOpenAIBackend((_request, index) => script(index));
  started.push(backend);
  return backend;
}

const ok = (text: string): MockReply => ({ kind: 'json', body: chatCompletion({ content: text }) });
const unavailable: MockReply = { kind: 'json', status: 503, body: { error: { message: 'upstream busy', type: 'server_error' } } };
const textOf = (answer: { text: string }) => (JSON.parse(answer.text) as { content: Array<{ text?: string }> }).content[0]?.text;

describe('fallbacks and retries before the first byte', () => {
  it('falls back on 503 after the retries, and the client never sees the 503', async () => {
    const first = await mockBackend(() => unavailable);
    const second = await mockBackend(() => ok('from second'));
    const gateway = await startGateway([{ name: 'first', url: first.url }, { name: 'second', url: second.url }], { retries: 1 });
    const answer = await postToProxy(gateway.url, messagesRequest(false));
    expect(answer.status).toBe(200);
    expect(textOf(answer)).toBe('from second');
    expect(first.received).toHaveLength(2);
    expect(second.received).toHaveLength(1);
    expect(gateway.logs.some((line) => /^req_\S+ retry 1\/1 of first in \d+ ms \(backoff\) after HTTP 503$/.test(line))).toBe(true);
    expect(gateway.logs.some((line) => /first failed \(.*upstream busy\); trying the next candidate\./.test(line))).toBe(true);
    // The request's own line: served by the second backend after two more tries.
    expect(gateway.logs.some((line) => / POST \/v1\/messages claude-sonnet-4-5 -> mock-model @second route=default sync 200 retries=2 /.test(line))).toBe(true);
  });

  it('falls back on a refused connection (a closed port)', async () => {
    const second = await mockBackend(() => ok('still served'));
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const gateway = await startGateway([{ name: 'gone', url: closed }, { name: 'second', url: second.url }], { retries: 1 });
    for (const stream of [false, true]) {
      const answer = await postToProxy(gateway.url, messagesRequest(stream));
      expect(answer.status).toBe(200);
    }
    expect(second.received).toHaveLength(2);
    expect(gateway.logs.some((line) => line.includes('gone failed (Cannot reach backend gone') && line.includes('connection refused'))).toBe(true);
  });

  it('falls back in a passthrough too (an OpenAI client on OpenAI backends)', async () => {
    const first = await mockBackend(() => unavailable);
    const second = await mockBackend(() => ok('passed through'));
    const gateway = await startGateway([{ name: 'first', url: first.url }, { name: 'second', url: second.url }], { retries: 0 });
    const answer = await postToProxy(gateway.url, { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] }, { path: '/v1/chat/completions' });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe('passed through');
    expect([first.received.length, second.received.length]).toEqual([1, 1]);
  });

  it("honours retry-after: waits it (about a second), then the same backend answers", async () => {
    const backend = await mockBackend((index) =>
      index === 0 ? { kind: 'json', status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down', type: 'rate_limit_error' } } } : ok('after the wait'),
    );
    const gateway = await startGateway([{ name: 'limited', url: backend.url }], { retries: 2 });
    const answer = await postToProxy(gateway.url, messagesRequest(false));
    expect(answer.status).toBe(200);
    expect(backend.received).toHaveLength(2);
    const waited = backend.received[1]!.receivedAt - backend.received[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3_000);
    expect(gateway.logs.some((line) => / retry 1\/2 of limited in 1000 ms \(retry-after\) after HTTP 429$/.test(line))).toBe(true);
  });

  it('passes a too-long retry-after on to the client at once instead of waiting', async () => {
    const backend = await mockBackend(() => ({ kind: 'json', status: 429, headers: { 'retry-after': '30' }, body: { error: { message: 'slow down', type: 'rate_limit_error' } } }));
    const gateway = await startGateway([{ name: 'limited', url: backend.url }], { retries: 2, maxRetryAfterMs: 5_000 });
    const before = Date.now();
    const answer = await postToProxy(gateway.url, messagesRequest(false));
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(backend.received).toHaveLength(1);
  });
});

describe('after the first byte', () => {
  const frames = chatStream([{ role: 'assistant', content: '' }, { content: 'partial' }]);

  it('never retries a stream that breaks mid-way: the client gets an error event, the backend one request', async () => {
    const first = await mockBackend(() => ({ kind: 'cut', chunks: frames.slice(0, 2) }));
    const second = await mockBackend(() => ok('unused'));
    const gateway = await startGateway([{ name: 'first', url: first.url }, { name: 'second', url: second.url }], { retries: 2 });
    const answer = await postToProxy(gateway.url, messagesRequest(true));
    expect(answer.status).toBe(200);
    const events = anthropicEventsOf(answer.text);
    validateAnthropicEventStream(events);
    expect(events.at(-1)?.type).toBe('error');
    expect(first.received).toHaveLength(1);
    expect(second.received).toHaveLength(0);
  });

  it("idle mid-stream: pings while the backend is silent, then an error event naming the backend and its bodyIdleMs", async () => {
    const slow = await mockBackend(() => ({ kind: 'stallAfter', chunks: frames.slice(0, 2) }));
    const gateway = await startGateway([{ name: 'slow', url: slow.url, timeouts: { bodyIdleMs: 700 } }], { retries: 2 }, { pingIntervalMs: 100 });
    const answer = await postToProxy(gateway.url, messagesRequest(true));
    expect(answer.status).toBe(200);
    const events = anthropicEventsOf(answer.text);
    validateAnthropicEventStream(events);
    expect(events.filter((event) => event.type === 'ping').length).toBeGreaterThanOrEqual(2);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
    expect(last?.type === 'error' && last.error.message).toContain(`Backend slow (${slow.url}) stopped sending data mid-response (silent for 700 ms: bodyIdleMs)`);
    expect(slow.received).toHaveLength(1);
  });

  it('a total time limit (totalMs) ends a long stream with an error event, and a stalled call with a 504', async () => {
    const trickle: MockReply = { kind: 'sse', chunks: [...frames.slice(0, 2), ...Array.from({ length: 40 }, () => ': still here\n\n')], delayMs: 50 };
    const backend = await mockBackend((index) => (index === 0 ? trickle : { kind: 'stall' }));
    const gateway = await startGateway([{ name: 'long', url: backend.url, timeouts: { totalMs: 400 } }], { retries: 0 });
    const streamed = await postToProxy(gateway.url, messagesRequest(true));
    const events = anthropicEventsOf(streamed.text);
    validateAnthropicEventStream(events);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'timeout_error', message: expect.stringContaining('did not finish within 400 ms (its total time limit, totalMs)') } });
    const stalled = await postToProxy(gateway.url, messagesRequest(false));
    expect(stalled.status).toBe(504);
    expect(anthropicErrorOf(stalled).message).toBe(`Backend long (${backend.url}) did not finish within 400 ms (its total time limit, totalMs).`);
  });
});

describe('several keys for one backend', () => {
  const keys = ['sk-rotation-key-one-1111', 'sk-rotation-key-two-2222'];
  const keyOf = (backend: MockOpenAIBackend, index: number) => backend.received[index]?.headers.authorization?.replace('Bearer ', '');

  it('uses the keys in turn', async () => {
    const backend = await mockBackend(() => ok('fine'));
    const gateway = await startGateway([{ name: 'keyed', url: backend.url, keys }], { retries: 0 });
    for (let request = 0; request < 4; request++) expect((await postToProxy(gateway.url, messagesRequest(false))).status).toBe(200);
    expect([0, 1, 2, 3].map((index) => keyOf(backend, index))).toEqual([keys[0], keys[1], keys[0], keys[1]]);
  });

  it('rests a key answered 401: the request is served with the other key, and later requests skip it; no key in the logs', async () => {
    const backend = await startMockOpenAIBackend((request) =>
      request.headers.authorization === `Bearer ${keys[0]}` ? { kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } } : ok('second key'),
    );
    started.push(backend);
    const gateway = await startGateway([{ name: 'keyed', url: backend.url, keys }], { retries: 0 });
    for (let request = 0; request < 3; request++) {
      const answer = await postToProxy(gateway.url, messagesRequest(false));
      expect(answer.status).toBe(200);
      expect(textOf(answer)).toBe('second key');
    }
    expect([0, 1, 2, 3].map((index) => keyOf(backend, index))).toEqual([keys[0], keys[1], keys[1], keys[1]]);
    expect(gateway.logs.some((line) => line.includes('retry of keyed with its next key (key 1 rested after HTTP 401), no delay'))).toBe(true);
    expect(gateway.logs.join('\n')).not.toMatch(/sk-rotation-key/);
  });

  it('on the Anthropic passthrough too: keys in turn as x-api-key, and a 503 falls back instead of being piped', async () => {
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'mock-model', content: [{ type: 'text', text: 'from claude' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 3, output_tokens: 2 } };
    const down = await mockBackend(() => ({ kind: 'json', status: 503, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }));
    const claude = await mockBackend(() => ({ kind: 'json', body: message }));
    const gateway = await startGateway(
      [{ name: 'down', url: down.url, kind: 'anthropic' }, { name: 'claude', url: claude.url, kind: 'anthropic', keys }],
      { retries: 0 },
    );
    for (let request = 0; request < 2; request++) {
      const answer = await postToProxy(gateway.url, messagesRequest(false));
      expect(answer.status).toBe(200);
      expect(textOf(answer)).toBe('from claude');
    }
    expect(down.received).toHaveLength(2);
    expect(claude.received.map((request) => request.headers['x-api-key'])).toEqual(keys);
  });
});

describe('from a configuration file', () => {
  it('retries, rests a failing backend for its cool-down, and rotates keys as the file says', async () => {
    const down = await mockBackend(() => unavailable);
    const keyed = await mockBackend(() => ok('fine'));
    const proxy = await startTestProxyFromFile(
      `
backends:
  down: { kind: openai, baseUrl: "${down.url}" }
  keyed: { kind: openai, baseUrl: "${keyed.url}", apiKeys: ["\${KEY_ONE}", "\${KEY_TWO}"], timeouts: { bodyIdleMs: 5000 } }
routes:
  default: ["down,mock-model", "keyed,mock-model"]
retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 20, cooldownAfterFailures: 2, cooldownMs: 60000 }
`,
      { KEY_ONE: 'sk-file-key-one-1111', KEY_TWO: 'sk-file-key-two-2222' },
    );
    started.push({ close: () => proxy.close(100) });
    for (let request = 0; request < 3; request++) expect((await postToProxy(proxy.url, messagesRequest(false))).status).toBe(200);
    // Two failures in a row (the first try and its retry) rest "down": the next requests skip it.
    expect(down.received).toHaveLength(2);
    expect(keyed.received.map((request) => request.headers.authorization)).toEqual(['Bearer sk-file-key-one-1111', 'Bearer sk-file-key-two-2222', 'Bearer sk-file-key-one-1111']);
    expect(proxy.logs.filter((line) => line.includes('down skipped: resting after failures in a row'))).toHaveLength(2);
    expect(proxy.logs.join('\n')).not.toMatch(/sk-file-key/);
  });
});
