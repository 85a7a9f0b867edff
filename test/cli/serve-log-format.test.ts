/**
 * The CLI chooses the log format: JSON lines when stdout is not a terminal (here a pipe, as
 * under a container runtime), text when LOG_FORMAT=text says so; every line written before
 * the process exits on SIGTERM, the last request's included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { messagesRequest, postToProxy } from '../support/proxy-client.js';
import { runCliServe } from '../support/run-cli-serve.js';

let backend: MockOpenAIBackend;
let home: string;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({
    kind: 'json',
    body: { id: 'c1', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
  }));
  home = mkdtempSync(join(tmpdir(), 'claude-proxy-log-format-'));
});

afterAll(async () => {
  await backend.close();
  rmSync(home, { recursive: true, force: true });
});

/** Runs `serve` with stdout a pipe, makes one request, sends SIGTERM; resolves with all of stdout. */
async function serveOnce(env: Record<string, string>): Promise<string> {
  const run = await runCliServe(
    {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o', API_KEY: 'sk-test-secret-key-123', MODEL_PRICES: '{"gpt-4o":{"input":2.5,"output":10}}', ...env },
    },
    (url) => postToProxy(url, messagesRequest(false, { messages: [{ role: 'user', content: 'hello' }] }), { timeoutMs: 5_000 }),
  );
  expect(run.result.status).toBe(200);
  expect(run.exitCode).toBe(0);
  return run.output;
}

describe('serve: the log format', () => {
  it('writes JSON lines when stdout is not a terminal, the request line with its cost included, no key', async () => {
    const output = await serveOnce({});
    const lines = output.split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries[0]).toMatchObject({ level: 'info', msg: expect.stringContaining('http://127.0.0.1:') });
    expect(entries.find((entry) => entry.msg === 'request')).toMatchObject({ method: 'POST', path: '/v1/messages', backendModel: 'gpt-4o', status: 200, inputTokens: 10, outputTokens: 2, costUsd: (10 * 2.5 + 2 * 10) / 1e6 });
    expect(entries.at(-1)).toMatchObject({ msg: expect.stringContaining('SIGTERM: no new requests') });
    expect(output).not.toContain('sk-test-secret-key-123');
  }, 30_000);

  it('writes the readable lines with LOG_FORMAT=text', async () => {
    const output = await serveOnce({ LOG_FORMAT: 'text' });
    expect(output).toMatch(/ POST \/v1\/messages .*gpt-4o @default sync 200 .*tokens=10\/2 cost=\$0\.000045( |$)/m);
    expect(output).not.toMatch(/^\{/m);
  }, 30_000);
});
