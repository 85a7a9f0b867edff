import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesOf, sumOf } from '../../test/support/parse-prometheus-text.js';
import type { RequestLogRecord } from './logger.js';
import { clientApiOfPath, createRequestMetrics } from './request-metrics.js';

const idle = { openRequests: 0, openStreams: 0, backends: [] };

function record(fields: Partial<RequestLogRecord>): RequestLogRecord {
  return { requestId: 'req_1', method: 'POST', path: '/v1/messages', status: 200, totalMs: 100, ...fields };
}

function metricsOf(records: RequestLogRecord[], options: { maxValuesPerLabel?: number } = {}) {
  const metrics = createRequestMetrics({ backendKindOf: (name) => (name === 'claude' ? 'anthropic' : name === 'deepseek' ? 'openai' : undefined), ...options });
  for (const entry of records) metrics.record(entry);
  return metrics;
}

describe('createRequestMetrics', () => {
  it('counts requests by client API, route, backend, backend model and status', () => {
    const scrape = parsePrometheusText(metricsOf([
      record({ backend: 'deepseek', backendModel: 'deepseek-chat', route: 'default' }),
      record({ backend: 'deepseek', backendModel: 'deepseek-chat', route: 'default' }),
      record({ path: '/v1/chat/completions', backend: 'claude', backendModel: 'claude-sonnet-4-5', status: 429, errorKind: 'rate_limit' }),
      record({ path: '/v1/messages', status: 400, errorKind: 'invalid_request' }),
      record({ path: '/https/api.groq.com/openai/llama/v1/messages', backend: 'url:api.groq.com', backendModel: 'llama' }),
    ]).render(idle));
    expect(sumOf(scrape, 'claude_proxy_requests_total', { client_api: 'anthropic-messages', route: 'default', backend: 'deepseek', gen_ai_request_model: 'deepseek-chat', status: '200' })).toBe(2);
    expect(sumOf(scrape, 'claude_proxy_requests_total', { client_api: 'openai-chat', status: '429' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_requests_total', { client_api: 'url-routed', backend: 'url:api.groq.com' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_requests_total')).toBe(5);
    expect(sumOf(scrape, 'claude_proxy_errors_total', { kind: 'rate_limit', backend: 'claude' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_errors_total', { kind: 'invalid_request' })).toBe(1);
    // A request that never reached a backend has no GenAI duration.
    expect(sumOf(scrape, 'gen_ai_server_request_duration_seconds_count')).toBe(4);
    expect(sumOf(scrape, 'gen_ai_server_request_duration_seconds_count', { gen_ai_provider_name: 'anthropic', error_type: 'rate_limit' })).toBe(1);
    expect(scrape.types.get('gen_ai_server_request_duration_seconds')).toBe('histogram');
  });

  it('counts each request into its own series, in runs of one kind or alternating between kinds', () => {
    const a = { backend: 'deepseek', backendModel: 'deepseek-chat', route: 'default' };
    const b = { backend: 'deepseek', backendModel: 'deepseek-reasoner', route: 'default' };
    const c = { ...a, status: 503, errorKind: 'overloaded' };
    const order = [a, a, a, b, a, b, b, c, a, c, b];
    const scrape = parsePrometheusText(metricsOf(order.map((fields) => record(fields))).render(idle));
    const count = (fields: Record<string, string>) => sumOf(scrape, 'claude_proxy_requests_total', fields);
    expect(count({ gen_ai_request_model: 'deepseek-chat', status: '200' })).toBe(5);
    expect(count({ gen_ai_request_model: 'deepseek-reasoner', status: '200' })).toBe(4);
    expect(count({ gen_ai_request_model: 'deepseek-chat', status: '503' })).toBe(2);
    expect(sumOf(scrape, 'claude_proxy_errors_total', { kind: 'overloaded' })).toBe(2);
  });

  it('observes latency, time to first token (successful streams only) and gateway overhead', () => {
    const scrape = parsePrometheusText(metricsOf([
      record({ backend: 'deepseek', backendModel: 'm', stream: true, totalMs: 1500, firstChunkMs: 300, upstreamMs: 1490 }),
      record({ backend: 'deepseek', backendModel: 'm', stream: false, totalMs: 50, firstChunkMs: 40, upstreamMs: 48 }),
      record({ backend: 'deepseek', backendModel: 'm', stream: true, status: 502, totalMs: 70, firstChunkMs: 60, upstreamMs: 65 }),
    ]).render(idle));
    const labels = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'm', backend: 'deepseek' };
    expect(sumOf(scrape, 'gen_ai_server_time_to_first_token_seconds_count', labels)).toBe(1);
    expect(sumOf(scrape, 'gen_ai_server_time_to_first_token_seconds_sum', labels)).toBeCloseTo(0.3, 10);
    expect(samplesOf(scrape, 'gen_ai_server_time_to_first_token_seconds_bucket', { ...labels, le: '0.25' })[0]?.value).toBe(0);
    expect(samplesOf(scrape, 'gen_ai_server_time_to_first_token_seconds_bucket', { ...labels, le: '0.5' })[0]?.value).toBe(1);
    expect(sumOf(scrape, 'gen_ai_server_request_duration_seconds_sum')).toBeCloseTo(1.62, 10);
    expect(samplesOf(scrape, 'gen_ai_server_request_duration_seconds_bucket', { ...labels, le: '1.28' })[0]?.value).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_gateway_overhead_seconds_count')).toBe(3);
    expect(sumOf(scrape, 'claude_proxy_gateway_overhead_seconds_sum')).toBeCloseTo(0.017, 10);
  });

  it('observes tokens by type, counts retries, fallbacks, cool-down skips, warnings and cost', () => {
    const scrape = parsePrometheusText(metricsOf([
      record({ backend: 'claude', backendModel: 'opus', inputTokens: 1200, outputTokens: 30, cacheReadTokens: 1000, cacheWriteTokens: 100, retries: 3, fallbacks: ['deepseek'], skipped: ['other'], warn: new Set(['dropped:top_k', 'image:placeholder']) }),
      { ...record({ backend: 'claude', backendModel: 'opus', inputTokens: 10, outputTokens: 5, warn: new Set(['dropped:top_k']) }), costUsd: 0.25 } as RequestLogRecord,
      // A count_tokens estimate is no usage.
      record({ path: '/v1/messages/count_tokens', backend: 'claude', backendModel: 'opus', inputTokens: 5000 }),
    ]).render(idle));
    const tokens = (type: string) => sumOf(scrape, 'gen_ai_client_token_usage_sum', { gen_ai_token_type: type, gen_ai_request_model: 'opus' });
    expect([tokens('input'), tokens('output'), tokens('cache_read'), tokens('cache_write')]).toEqual([1210, 35, 1000, 100]);
    expect(sumOf(scrape, 'gen_ai_client_token_usage_count', { gen_ai_token_type: 'input' })).toBe(2);
    expect(sumOf(scrape, 'gen_ai_client_token_usage_count', { gen_ai_token_type: 'cache_read' })).toBe(1);
    expect(sumOf(scrape, 'gen_ai_client_token_usage_count', { gen_ai_operation_name: 'count_tokens' })).toBe(0);
    expect(sumOf(scrape, 'claude_proxy_retries_total', { backend: 'claude' })).toBe(2);
    expect(sumOf(scrape, 'claude_proxy_fallbacks_total', { backend: 'deepseek' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_cooldown_skips_total', { backend: 'other' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_translation_warnings_total', { code: 'dropped:top_k' })).toBe(2);
    expect(sumOf(scrape, 'claude_proxy_translation_warnings_total', { code: 'image:placeholder' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_cost_usd_total', { backend: 'claude', gen_ai_request_model: 'opus' })).toBeCloseTo(0.25, 10);
  });

  it('reads open requests, open streams and resting backends at render time', () => {
    const scrape = parsePrometheusText(metricsOf([]).render({ openRequests: 3, openStreams: 2, backends: [{ name: 'a', resting: true }, { name: 'b', resting: false }] }));
    expect(sumOf(scrape, 'claude_proxy_open_requests')).toBe(3);
    expect(sumOf(scrape, 'claude_proxy_open_streams')).toBe(2);
    expect(sumOf(scrape, 'claude_proxy_backend_resting', { backend: 'a' })).toBe(1);
    expect(sumOf(scrape, 'claude_proxy_backend_resting', { backend: 'b' })).toBe(0);
  });

  it('keeps client-chosen model names from growing the label set, and says so in the HELP', () => {
    const records = Array.from({ length: 50 }, (_, index) => record({ backend: 'url:example.com', backendModel: `model-${index}` }));
    const scrape = parsePrometheusText(metricsOf(records, { maxValuesPerLabel: 10 }).render(idle));
    const models = new Set(samplesOf(scrape, 'claude_proxy_requests_total').map((sample) => sample.labels['gen_ai_request_model']));
    expect(models.size).toBe(11);
    expect(sumOf(scrape, 'claude_proxy_requests_total', { gen_ai_request_model: 'other' })).toBe(40);
    expect(scrape.help.get('claude_proxy_requests_total')).toContain('at most 10 distinct values');
  });

  it('never throws into the end of a request', () => {
    const metrics = metricsOf([]);
    expect(() => metrics.record({ warn: 'not a set' } as unknown as RequestLogRecord)).not.toThrow();
  });
});

describe('clientApiOfPath', () => {
  it('names the client API of each served path', () => {
    expect(['/v1/messages', '/v1/messages/count_tokens', '/v1/chat/completions', '/chat/completions', '/v1/responses', '/responses', '/https/host/model/v1/messages', '/v1/models', '/health'].map(clientApiOfPath))
      .toEqual(['anthropic-messages', 'anthropic-messages', 'openai-chat', 'openai-chat', 'openai-responses', 'openai-responses', 'url-routed', 'other', 'other']);
  });
});
