/**
 * `GET /metrics` end to end: the real server on 127.0.0.1 with a configuration file, an
 * OpenAI-compatible mock and an Anthropic mock. A known set of requests (non-streaming,
 * streaming, a backend's 429, a validation error, passthroughs to the Anthropic backend, a
 * fallback, an OpenAI passthrough stream) goes through; the scrape must show exactly those
 * counts, token sums and histogram counts. Then an open stream in the gauge, and the admin key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockReply, type ReceivedRequest } from '../support/mock-openai-backend.js';
import { parsePrometheusText, samplesOf, sumOf, type Scrape } from '../support/parse-prometheus-text.js';
import { messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, startTestProxyFromFile, type TestProxy } from '../support/start-test-proxy.js';

let oai: MockOpenAIBackend;
let claude: MockOpenAIBackend;
let proxy: TestProxy;

const streamUsage = { prompt_tokens: 13, completion_tokens: 5, total_tokens: 18, prompt_tokens_details: { cached_tokens: 8 } };

function openAIReply(request: ReceivedRequest): MockReply {
  // The environment-mode proxy asks for the model list when no model is configured.
  if (request.path.endsWith('/models')) return { kind: 'json', body: { object: 'list', data: [{ id: 'oai-listed', object: 'model' }] } };
  const text = JSON.stringify(request.body['messages']);
  if (text.includes('rate-limit-me')) return { kind: 'json', status: 429, body: { error: { message: 'slow down', type: 'rate_limit_error' } } };
  if (text.includes('hold-the-stream')) return { kind: 'stallAfter', chunks: chatStream([{ role: 'assistant', content: '' }]).slice(0, 1) };
  if (request.body['stream'] === true && request.body['stream_options'] !== undefined && text.includes('openai-client')) {
    return { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: '' }, { content: 'Hi' }], 'stop', { prompt_tokens: 17, completion_tokens: 3, total_tokens: 20 }) };
  }
  if (request.body['stream'] === true) return { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: '' }, { content: 'Hello' }], 'stop', streamUsage) };
  return { kind: 'json', body: chatCompletion({ role: 'assistant', content: 'Hello' }) };
}

const anthropicMessage = {
  id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-opus-4-5', content: [{ type: 'text', text: 'Hello' }],
  stop_reason: 'end_turn', stop_sequence: null,
  usage: { input_tokens: 20, cache_read_input_tokens: 100, cache_creation_input_tokens: 4, output_tokens: 9 },
};

function anthropicStream(): string[] {
  const frame = (payload: { type: string; [field: string]: unknown }) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
  return [
    frame({ type: 'message_start', message: { ...anthropicMessage, content: [], stop_reason: null, usage: { input_tokens: 30, cache_read_input_tokens: 50, cache_creation_input_tokens: 0, output_tokens: 1 } } }),
    frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello "usage": {"output_tokens": 999}' } }),
    frame({ type: 'content_block_stop', index: 0 }),
    frame({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }),
    frame({ type: 'message_stop' }),
  ];
}

beforeAll(async () => {
  oai = await startMockOpenAIBackend(openAIReply);
  claude = await startMockOpenAIBackend((request) => (request.body['stream'] === true ? { kind: 'sse', chunks: anthropicStream() } : { kind: 'json', body: anthropicMessage }));
  const closedPort = await freePort();
  proxy = await startTestProxyFromFile(`
backends:
  oai: { kind: openai, baseUrl: "${oai.url}" }
  claude: { kind: anthropic, baseUrl: "${claude.url.replace(/\/v1$/, '')}", apiKey: "anthropic-test-key" }
  gone: { kind: openai, baseUrl: "http://127.0.0.1:${closedPort}/v1" }
routes:
  default: "oai,oai-chat"
  think: ["gone,never", "oai,oai-think"]
rules:
  - { name: opus, match: { model: "claude-opus-*" }, target: "claude,claude-opus-4-5" }
retry: { retries: 0 }
`);
});

afterAll(async () => {
  await proxy?.close(100);
  await Promise.all([oai?.close(), claude?.close()]);
});

async function scrape(target: TestProxy = proxy, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${target.url}/metrics`, { headers, signal: AbortSignal.timeout(5_000) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await response.text());
}

const ask = (extra: Record<string, unknown> = {}, stream = false) => postToProxy(proxy.url, messagesRequest(stream, extra));
const said = (text: string) => ({ messages: [{ role: 'user', content: text }] });

/** Every histogram series: buckets never decrease, and le="+Inf" equals _count. */
function expectWellFormedHistograms(metrics: Scrape): void {
  for (const [name, type] of metrics.types) {
    if (type !== 'histogram') continue;
    for (const count of samplesOf(metrics, `${name}_count`)) {
      const sameSeries = (labels: Record<string, string>) => JSON.stringify({ ...labels, le: undefined }) === JSON.stringify({ ...count.labels, le: undefined });
      const buckets = samplesOf(metrics, `${name}_bucket`).filter((sample) => sameSeries(sample.labels)).map((sample) => sample.value);
      expect(buckets.length, name).toBeGreaterThan(1);
      for (let index = 1; index < buckets.length; index++) expect(buckets[index]!, name).toBeGreaterThanOrEqual(buckets[index - 1]!);
      expect(buckets.at(-1), name).toBe(count.value);
    }
  }
}

describe('GET /metrics after known traffic', () => {
  let metrics: Scrape;

  beforeAll(async () => {
    for (let index = 0; index < 3; index++) expect((await ask()).status).toBe(200);
    for (let index = 0; index < 2; index++) expect((await ask({}, true)).status).toBe(200);
    expect((await ask(said('rate-limit-me'))).status).toBe(429);
    expect((await postToProxy(proxy.url, { model: 'claude-sonnet-4-5' })).status).toBe(400);
    expect((await ask({ model: 'claude-opus-4-5' })).status).toBe(200);
    expect((await ask({ model: 'claude-opus-4-5' }, true)).status).toBe(200);
    expect((await ask({ thinking: { type: 'enabled', budget_tokens: 1024 } })).status).toBe(200);
    const openAI = await postToProxy(proxy.url, {
      model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'openai-client' }],
    }, { path: '/v1/chat/completions' });
    expect(openAI.status).toBe(200);
    expect(claude.received).toHaveLength(2);
    metrics = await scrape();
  });

  it('counts requests by client API, route, backend, backend model and status', () => {
    expect(sumOf(metrics, 'claude_proxy_requests_total')).toBe(11);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { status: '200' })).toBe(9);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { status: '429', backend: 'oai', route: 'default' })).toBe(1);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { status: '400' })).toBe(1);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { client_api: 'anthropic-messages', backend: 'oai', gen_ai_request_model: 'oai-chat', status: '200' })).toBe(5);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { backend: 'claude', gen_ai_request_model: 'claude-opus-4-5', route: 'opus' })).toBe(2);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { route: 'think', backend: 'oai', gen_ai_request_model: 'oai-think' })).toBe(1);
    expect(sumOf(metrics, 'claude_proxy_requests_total', { client_api: 'openai-chat', backend: 'oai', status: '200' })).toBe(1);
  });

  it('counts errors by kind, and the fallback past the refused backend', () => {
    expect(sumOf(metrics, 'claude_proxy_errors_total', { kind: 'rate_limit', backend: 'oai' })).toBe(1);
    expect(sumOf(metrics, 'claude_proxy_errors_total', { kind: 'invalid_request' })).toBe(1);
    expect(sumOf(metrics, 'claude_proxy_errors_total')).toBe(2);
    expect(sumOf(metrics, 'claude_proxy_fallbacks_total', { backend: 'gone' })).toBe(1);
    expect(sumOf(metrics, 'claude_proxy_retries_total')).toBe(0);
  });

  it('sums the tokens each backend reported, passthroughs included', () => {
    const tokens = (type: string, model: string) => sumOf(metrics, 'gen_ai_client_token_usage_sum', { gen_ai_token_type: type, gen_ai_request_model: model });
    // 3 translated answers of 11/7, 2 translated streams of 13/5 (8 cached), the OpenAI passthrough stream's 17/3.
    expect(tokens('input', 'oai-chat')).toBe(3 * 11 + 2 * 13 + 17);
    expect(tokens('output', 'oai-chat')).toBe(3 * 7 + 2 * 5 + 3);
    expect(tokens('cache_read', 'oai-chat')).toBe(2 * 8);
    // The Anthropic passthroughs: 20 + 100 read + 4 written, then a stream of 30 + 50 read.
    expect(tokens('input', 'claude-opus-4-5')).toBe(124 + 80);
    expect(tokens('output', 'claude-opus-4-5')).toBe(9 + 12);
    expect(tokens('cache_read', 'claude-opus-4-5')).toBe(150);
    expect(tokens('cache_write', 'claude-opus-4-5')).toBe(4);
    expect(sumOf(metrics, 'gen_ai_client_token_usage_count', { gen_ai_token_type: 'input', gen_ai_provider_name: 'anthropic' })).toBe(2);
    expect(proxy.logs.filter((line) => line.includes('@claude')).map((line) => /tokens=(\S+)/.exec(line)?.[1])).toEqual(['124/9', '80/12']);
    expect(proxy.logs.find((line) => line.includes('/v1/chat/completions') && line.includes('@oai'))).toContain('tokens=17/3');
  });

  it('observes duration for every request that reached a backend, time to first token for the successful streams', () => {
    expect(sumOf(metrics, 'gen_ai_server_request_duration_seconds_count')).toBe(10);
    expect(sumOf(metrics, 'gen_ai_server_request_duration_seconds_count', { error_type: 'rate_limit', gen_ai_provider_name: 'openai' })).toBe(1);
    expect(sumOf(metrics, 'gen_ai_server_request_duration_seconds_count', { gen_ai_provider_name: 'anthropic', gen_ai_operation_name: 'chat' })).toBe(2);
    expect(sumOf(metrics, 'gen_ai_server_time_to_first_token_seconds_count')).toBe(4);
    expect(sumOf(metrics, 'gen_ai_server_time_to_first_token_seconds_count', { backend: 'claude' })).toBe(1);
    const firstToken = sumOf(metrics, 'gen_ai_server_time_to_first_token_seconds_sum');
    expect(firstToken).toBeGreaterThan(0);
    expect(firstToken).toBeLessThan(sumOf(metrics, 'gen_ai_server_request_duration_seconds_sum'));
    expect(sumOf(metrics, 'claude_proxy_gateway_overhead_seconds_count')).toBe(10);
    const overhead = sumOf(metrics, 'claude_proxy_gateway_overhead_seconds_sum');
    expect(overhead).toBeGreaterThanOrEqual(0);
    expect(overhead).toBeLessThan(sumOf(metrics, 'gen_ai_server_request_duration_seconds_sum'));
    expectWellFormedHistograms(metrics);
  });

  it('reads no open request or stream once all have ended, and every configured backend awake', () => {
    expect(sumOf(metrics, 'claude_proxy_open_requests')).toBe(0);
    expect(sumOf(metrics, 'claude_proxy_open_streams')).toBe(0);
    expect(samplesOf(metrics, 'claude_proxy_backend_resting').map((sample) => [sample.labels['backend'], sample.value])).toEqual([['oai', 0], ['claude', 0], ['gone', 0]]);
    for (const name of metrics.types.keys()) expect(metrics.help.get(name), name).toBeTruthy();
  });

  it('shows an open stream in the gauge, then counts its client going away as 499', async () => {
    const before = oai.received.length;
    const controller = new AbortController();
    const pending = fetch(`${proxy.url}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messagesRequest(true, said('hold-the-stream'))), signal: controller.signal,
    }).then((response) => response.text()).catch(() => 'aborted');
    await waitFor(() => oai.received.length > before);
    const during = await scrape();
    expect(sumOf(during, 'claude_proxy_open_streams')).toBe(1);
    expect(sumOf(during, 'claude_proxy_open_requests')).toBe(1);
    controller.abort();
    await pending;
    await waitFor(() => proxy.logs.some((line) => line.includes(' 499 ')));
    const after = await scrape();
    expect(sumOf(after, 'claude_proxy_open_streams')).toBe(0);
    expect(sumOf(after, 'claude_proxy_requests_total', { status: '499' })).toBe(1);
    expect(sumOf(after, 'claude_proxy_errors_total', { kind: 'client_closed' })).toBe(1);
  });
});

describe('GET /metrics with access keys on', () => {
  let guarded: TestProxy;

  beforeAll(async () => {
    guarded = await startTestProxy({ OPEN_AI_URL: oai.url, PROXY_API_KEY: 'proxy-key-123456', ADMIN_API_KEY: 'admin-key-123456' });
  });

  afterAll(async () => {
    await guarded?.close(100);
  });

  it('answers 401 without the admin key, even to the access key, and the metrics with it (x-api-key or Bearer)', async () => {
    const status = async (headers: Record<string, string>) => (await fetch(`${guarded.url}/metrics`, { headers, signal: AbortSignal.timeout(5_000) })).status;
    expect(await status({})).toBe(401);
    expect(await status({ 'x-api-key': 'proxy-key-123456' })).toBe(401);
    expect(await status({ authorization: 'Bearer wrong-key-123456' })).toBe(401);
    expect((await postToProxy(guarded.url, messagesRequest(false), { headers: { 'x-api-key': 'proxy-key-123456' } })).status).toBe(200);
    const metrics = await scrape(guarded, { authorization: 'Bearer admin-key-123456' });
    expect(sumOf(metrics, 'claude_proxy_requests_total', { status: '200', client_api: 'anthropic-messages' })).toBe(1);
    await scrape(guarded, { 'x-api-key': 'admin-key-123456' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
