/**
 * The built Worker (wrangler's bundle of src/runtime/workers/worker.ts) inside workerd, through
 * Miniflare, against mock OpenAI-compatible backends on 127.0.0.1: the same core as the Node
 * server, over Request/Response and fetch.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkerBundle, lazyModuleCallsOutside, type WorkerBundle } from '../support/build-worker-bundle.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicErrorOf, anthropicEventsOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { freePort } from '../support/free-port.js';
import { validateOpenAIChunkStream } from '../support/openai-chunk-validator.js';
import { startWorkerInWorkerd, withWorker, type RunningWorker } from '../support/workerd-worker.js';

const backendKey = 'sk-backend-secret-0123456789';
const accessKey = 'client-key';

/** Upper bounds for the bundle, about 25% above what was measured (3,566,510 bytes, 1,242,778 gzipped, 2026-12-03). */
const maxBundleBytes = 4_500_000;
const maxBundleGzipBytes = 1_600_000;

let bundle: WorkerBundle;
let backend: MockOpenAIBackend;
let worker: RunningWorker;
let workerUrl: string;

beforeAll(async () => {
  bundle = await buildWorkerBundle();
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'Hello from the mock.' }) }));
  worker = await startWorkerInWorkerd(bundle, mainBindings());
  workerUrl = worker.url;
}, 120_000);

afterAll(async () => {
  await worker?.dispose();
  await backend?.close();
});

describe('the Worker bundle', { timeout: 60_000 }, () => {
  it('stays under its size bounds', () => {
    console.log(`worker bundle: ${bundle.bytes} bytes, ${bundle.gzipBytes} gzipped (bounds ${maxBundleBytes} / ${maxBundleGzipBytes})`);
    expect(bundle.bytes).toBeLessThan(maxBundleBytes);
    expect(bundle.gzipBytes).toBeLessThan(maxBundleGzipBytes);
  });

  it('runs the tokenizer only from the dynamic import of count_tokens', () => {
    const { wrappers, outsideCalls } = lazyModuleCallsOutside(bundle.text, /gpt-tokenizer|count-tokens\.ts/);
    expect(wrappers).toContain('init_count_tokens');
    expect(wrappers.length).toBeGreaterThan(5);
    expect(outsideCalls).toHaveLength(1);
    expect(outsideCalls[0]).toMatch(/anthropic-messages-on-openai-chat\.ts: .*Promise\.resolve\(\)\.then\(\(\) => \(init_count_tokens\(\)/);
  });

  it('imports no Node module and no undici', () => {
    expect(bundle.text).not.toMatch(/from\s*["'](node:|undici)/);
    expect(bundle.text).not.toMatch(/\brequire\(["'](node:|undici)/);
  });
});

describe('the Worker in workerd', { timeout: 60_000 }, () => {
  it('answers a non-streaming request, translated both ways, with the backend key sent and never logged', async () => {
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'Hello from the mock.' }) }));
    const answer = await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': accessKey } });
    expect(answer.status).toBe(200);
    const message = JSON.parse(answer.text) as { type: string; content: unknown[]; usage: { input_tokens: number; output_tokens: number } };
    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the mock.' }]);
    expect(message.usage.output_tokens).toBe(7);
    const seen = backend.received.at(-1)!;
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe(`Bearer ${backendKey}`);
    expect(seen.body.model).toBe('mock-model');
    expect(answer.headers.get('request-id')).toMatch(/^req_/);
    // The Worker writes JSON lines (Workers Logs parse them).
    await expect.poll(() => worker.log.some((line) => line.includes('"path":"/v1/messages"') && line.includes('"status":200')), { timeout: 3_000 }).toBe(true);
    expect(worker.log.join('\n')).not.toContain(backendKey);
  });

  it('streams with the exact Anthropic event grammar', async () => {
    backend.setScript(() => ({ kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'Hel' }, { content: 'lo' }, { content: ' there' }]), delayMs: 5 }));
    const answer = await postToProxy(workerUrl, messagesRequest(true), { headers: { 'x-api-key': accessKey } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    const events = anthropicEventsOf(answer.text);
    validateAnthropicEventStream(events);
    const text = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [])).join('');
    expect(text).toBe('Hello there');
    expect(events.at(-1)?.type).toBe('message_stop');
  });

  it('streams a tool call as one tool_use block with its whole input', async () => {
    const call = (args: string, first: boolean) => ({
      tool_calls: [{ index: 0, ...(first ? { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } } : { function: { arguments: args } }) }],
    });
    backend.setScript(() => ({ kind: 'sse', chunks: chatStream([call('{"city":', true), call('"Paris"}', false)], 'tool_calls') }));
    const tools = [{ name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const answer = await postToProxy(workerUrl, messagesRequest(true, { tools }), { headers: { 'x-api-key': accessKey } });
    expect(answer.status).toBe(200);
    const events = anthropicEventsOf(answer.text);
    validateAnthropicEventStream(events);
    const start = events.find((event) => event.type === 'content_block_start');
    expect(start?.type === 'content_block_start' && start.content_block).toMatchObject({ type: 'tool_use', id: 'call_1', name: 'get_weather' });
    const json = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta' ? [event.delta.partial_json] : [])).join('');
    expect(JSON.parse(json)).toEqual({ city: 'Paris' });
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('tool_use');
    expect((backend.received.at(-1)!.body.tools as unknown[]).length).toBe(1);
  });

  it('passes a backend error on as the Anthropic error of its status, key redacted', async () => {
    backend.setScript(() => ({ kind: 'json', status: 429, body: { error: { message: `Rate limit reached for key ${backendKey}`, type: 'rate_limit_error' } }, headers: { 'retry-after': '7' } }));
    const answer = await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': accessKey } });
    expect(answer.status).toBe(429);
    const error = anthropicErrorOf(answer);
    expect(error.type).toBe('rate_limit_error');
    expect(error.message).toContain('Rate limit reached');
    expect(answer.text).not.toContain(backendKey);
    expect(answer.headers.get('retry-after')).toBe('7');
  });

  it('names the backend when it cannot be reached', async () => {
    const deadPort = await freePort();
    const answer = await withWorker(bundle, 
      { OPENAI_BASE_URL: `http://127.0.0.1:${deadPort}/v1`, OPEN_MODEL: 'mock-model', PROXY_API_KEY: accessKey, UPSTREAM_RETRIES: '0' },
      (url) => postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': accessKey } }),
    );
    expect(answer.status).toBe(502);
    expect(anthropicErrorOf(answer).message).toContain(`Cannot reach backend default (http://127.0.0.1:${deadPort}/v1)`);
  });

  it('passes an Anthropic stream through byte for byte to an Anthropic backend, without the edge headers or the client key', async () => {
    const frames = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"passed through"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    backend.setScript(() => ({
      kind: 'custom',
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'anthropic-ratelimit-requests-remaining': '41' });
        for (const frame of frames) res.write(frame);
        res.end();
      },
    }));
    const vars = { ...mainBindings(), ANTHROPIC_UPSTREAM_URL: backend.url, ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-upstream-0123456789', OPUS_MODEL: 'anthropic,claude-opus-4-5' };
    const answer = await withWorker(bundle, vars, (url) =>
      postToProxy(url, messagesRequest(true, { model: 'claude-opus-4-5' }), { headers: { 'x-api-key': accessKey, 'anthropic-version': '2023-06-01', 'x-forwarded-for': '203.0.113.7' } }),
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(frames.join(''));
    validateAnthropicEventStream(anthropicEventsOf(answer.text));
    expect(answer.headers.get('anthropic-ratelimit-requests-remaining')).toBe('41');
    const seen = backend.received.at(-1)!;
    expect(seen.path).toBe('/v1/messages');
    expect(seen.headers['x-api-key']).toBe('sk-ant-upstream-0123456789');
    // `cf-worker` is the platform's own mark on every subrequest of a Worker; nothing else of the edge goes on.
    expect(Object.keys(seen.headers).filter((name) => /^(cf-|x-forwarded-|x-real-ip)/.test(name))).toEqual(['cf-worker']);
  });

  it('reads a gzip-compressed answer (fetch decompresses it) without passing the encoding on', async () => {
    backend.setScript(() => ({
      kind: 'custom',
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify(chatCompletion({ content: 'compressed hello' }))));
      },
    }));
    const answer = await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': accessKey } });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { content: unknown[] }).content).toEqual([{ type: 'text', text: 'compressed hello' }]);
  });

  it('serves OpenAI clients too: a streamed chat completion passed through chunk by chunk', async () => {
    backend.setScript(() => ({ kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'Hi' }, { content: ' you' }]), delayMs: 5 }));
    const body = { model: 'mock-model', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] };
    const answer = await postToProxy(workerUrl, body, { headers: { authorization: `Bearer ${accessKey}`, 'x-api-key': '' }, path: '/v1/chat/completions' });
    expect(answer.status).toBe(200);
    const data = answer.text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as { choices: Array<{ delta: { content?: string } }> });
    validateOpenAIChunkStream(chunks, { includeUsage: true });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hi you');
  });

  it('times out a backend that does not answer (UPSTREAM_TIMEOUT_MS), naming it', async () => {
    backend.setScript(() => ({ kind: 'stall' }));
    const answer = await withWorker(bundle, { ...mainBindings(), UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_RETRIES: '0' }, (url) =>
      postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': accessKey } }),
    );
    expect(answer.status).toBe(504);
    expect(anthropicErrorOf(answer).message).toBe(`Backend default (${backend.url}) did not answer in time.`);
  });

  it('answers the probes without a key: GET /health, GET and HEAD /', async () => {
    const health = await fetch(`${workerUrl}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect(await (await fetch(`${workerUrl}/`)).text()).toBe('claude-proxy is running\n');
    const head = await fetch(`${workerUrl}/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('discovers the model from /models once, shared by concurrent requests of the isolate', async () => {
    backend.setScript((request) =>
      request.path === '/v1/models'
        ? { kind: 'json', body: { object: 'list', data: [{ id: 'discovered-model', object: 'model' }] } }
        : { kind: 'json', body: chatCompletion({ content: 'ok' }) },
    );
    const { OPEN_MODEL: _unset, ...vars } = mainBindings();
    const first = backend.received.length;
    const answers = await withWorker(bundle, vars, (url) =>
      Promise.all([1, 2, 3].map(() => postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': accessKey } }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const seen = backend.received.slice(first);
    expect(seen.filter((request) => request.path === '/v1/models')).toHaveLength(1);
    expect(seen.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body.model)).toEqual(['discovered-model', 'discovered-model', 'discovered-model']);
  });

  it('refuses a request without the access key (401) and serves one with it as Bearer', async () => {
    const without = await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': '' } });
    expect(without.status).toBe(401);
    expect(anthropicErrorOf(without)).toMatchObject({ type: 'authentication_error' });
    const wrong = await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': 'not-the-key' } });
    expect(wrong.status).toBe(401);
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    const bearer = await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': '', authorization: `Bearer ${accessKey}` } });
    expect(bearer.status).toBe(200);
  });

  it('counts tokens with the lazily loaded tokenizer', async () => {
    const answer = await postToProxy(workerUrl, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello, how many tokens is this?' }] }, {
      headers: { 'x-api-key': accessKey },
      path: '/v1/messages/count_tokens',
    });
    expect(answer.status).toBe(200);
    const { input_tokens: tokens } = JSON.parse(answer.text) as { input_tokens: number };
    expect(tokens).toBeGreaterThan(5);
    expect(tokens).toBeLessThan(40);
  });

  it('cancels the backend call when the client goes away mid-stream', async () => {
    const before = backend.aborted;
    // 8 s of frames: only a cancelled call ends before them.
    const frames = chatStream(Array.from({ length: 400 }, (_, index) => ({ content: `word${index} ` })));
    backend.setScript(() => ({ kind: 'sse', chunks: frames, delayMs: 20 }));
    const controller = new AbortController();
    const response = await fetch(`${workerUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': accessKey },
      body: JSON.stringify(messagesRequest(true)),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await backend.waitForAborted(before + 1, 3_000);
  });
});

describe('the Worker configuration', { timeout: 60_000 }, () => {
  it('answers a 500 naming the problem, without a stack or a secret, when access keys are missing', async () => {
    const answer = await withWorker(bundle, { OPENAI_BASE_URL: backend.url, OPENAI_API_KEY: backendKey }, (url) => postToProxy(url, messagesRequest(false)));
    expect(answer.status).toBe(500);
    const error = anthropicErrorOf(answer);
    expect(error.message).toContain('PROXY_API_KEY');
    expect(error.message).toContain('ALLOW_OPEN_ACCESS=1');
    expect(answer.text).not.toContain(backendKey);
    expect(answer.text).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('takes a whole configuration file in CLAUDE_PROXY_CONFIG, with ${NAME} references to the other vars', async () => {
    const file = [
      'backends:',
      `  mock: { kind: openai, baseUrl: "${backend.url}", apiKey: "\${MOCK_KEY}" }`,
      'routes:',
      '  default: mock,file-model',
      'accessKeys:',
      '  - { name: team, key: "${TEAM_KEY}" }',
    ].join('\n');
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'from the file route' }) }));
    const answers = await withWorker(bundle, { CLAUDE_PROXY_CONFIG: file, MOCK_KEY: backendKey, TEAM_KEY: 'team-key-1' }, async (url) => [
      await postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': 'team-key-1' } }),
      await postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': accessKey } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 401]);
    expect(backend.received.at(-1)!.body.model).toBe('file-model');
    expect(backend.received.at(-1)!.headers.authorization).toBe(`Bearer ${backendKey}`);
  });

  it('detects a loop through another isolate of the same deployment by the hop header', async () => {
    // A second workerd process with the same vars stands for another isolate of the deployment.
    // The hop id the first one sends to its backend must be recognised by the second: a request
    // that loops back may land in any isolate. A random id per isolate would pass it on.
    backend.setScript(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
    expect((await postToProxy(workerUrl, messagesRequest(false), { headers: { 'x-api-key': accessKey } })).status).toBe(200);
    const hop = backend.received.at(-1)!.headers['x-claude-proxy-hop'];
    expect(hop).toMatch(/^[0-9a-f]{16}$/);
    const sent = backend.received.length;
    const answer = await withWorker(bundle, mainBindings(), (url) =>
      postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': accessKey, 'x-claude-proxy-hop': String(hop) } }),
    );
    expect(answer.status).toBe(508);
    expect(anthropicErrorOf(answer).message).toContain('Loop detected');
    expect(backend.received.length).toBe(sent);
  });
});

function mainBindings(): Record<string, string> {
  // One backend call per request: the gateway's retries (a 429's retry-after) are tested on Node (test/e2e/gateway-resilience.test.ts).
  return { OPENAI_BASE_URL: backend.url, OPENAI_API_KEY: backendKey, OPEN_MODEL: 'mock-model', PROXY_API_KEY: accessKey, UPSTREAM_RETRIES: '0' };
}
