import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { createLogger, type RequestLogRecord } from '../../src/log/logger.js';
import { startServer, secretsOf, type RunningServer } from '../../src/runtime/node/start-server.js';
import { startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';

/** An OpenAI answer whose usage says 600 of the 1000 prompt tokens came from the backend's cache. */
const completion = (model: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, prompt_tokens_details: { cached_tokens: 600 } },
});

let backend: MockOpenAIBackend;
let proxy: RunningServer;
const chunks: string[] = [];
const records: RequestLogRecord[] = [];

beforeAll(async () => {
  backend = await startMockOpenAIBackend((request) => ({ kind: 'json', body: completion(String(request.body.model)) }));
  const config = parseConfig(
    {
      OPEN_AI_URL: `${backend.url}/v1`,
      API_KEY: 'sk-backend-secret-123456',
      OPEN_MODEL: 'deepseek-chat',
      MODEL_MAP: 'claude-haiku-4-5=unpriced-model',
      MODEL_PRICES: '{"deepseek-chat":{"input":0.28,"output":0.42,"cacheRead":0.028}}',
      LOG_FORMAT: 'json',
      UPSTREAM_RETRIES: '0',
    },
    { port: 0, host: '127.0.0.1' },
  );
  // The batched writer on a sink, as on stdout: lines arrive once per tick, and by close at the latest.
  const sink = { write: (chunk: string) => chunks.push(chunk) > 0, once: () => undefined };
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), format: config.logFormat, sink });
  proxy = await startServer(config, { logger });
  proxy.runtime.requestListeners.add((record) => records.push({ ...record }));
});

afterAll(async () => {
  await backend.close();
});

async function ask(model: string): Promise<void> {
  const response = await fetch(`${proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client-key' },
    body: JSON.stringify({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

describe('estimated cost and JSON logs through the proxy', () => {
  it('prices each request from its backend model and token counts, and logs it as one JSON line', async () => {
    await ask('claude-sonnet-4-5');
    await ask('claude-haiku-4-5');
    await proxy.close(1_000);
    expect(records.map((record) => [record.backendModel, record.cacheReadTokens, record.costUsd])).toEqual([
      ['deepseek-chat', 600, (400 * 0.28 + 200 * 0.42 + 600 * 0.028) / 1e6],
      // No price known: no cost at all, not 0.
      ['unpriced-model', 600, undefined],
    ]);
    // close() flushed the batched lines: every line is one JSON object.
    const lines = chunks.join('').split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((entry) => entry.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ level: 'info', method: 'POST', path: '/v1/messages', backend: 'default', requestedModel: 'claude-sonnet-4-5', backendModel: 'deepseek-chat', stream: false, status: 200, inputTokens: 1000, outputTokens: 200, cacheReadTokens: 600, costUsd: 0.0002128 });
    expect(requests[1]).not.toHaveProperty('costUsd');
    expect(chunks.join('')).not.toContain('sk-backend-secret');
    expect(chunks.join('')).not.toContain('client-key');
  });
});
