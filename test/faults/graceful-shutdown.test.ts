/**
 * Graceful shutdown: RunningServer.close(graceMs) and the CLI's SIGTERM handler stop accepting,
 * let open streams finish up to the deadline, then end the rest with an error in the client's
 * protocol (an Anthropic `event: error` frame mid-stream, an overloaded envelope before it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicEventsOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy } from '../support/start-test-proxy.js';

let backend: MockOpenAIBackend;
const frames = (count: number) => chatStream([{ role: 'assistant', content: '' }, ...Array.from({ length: count }, (_, i) => ({ content: `w${i} ` }))]);

beforeAll(async () => {
  backend = await startMockOpenAIBackend((request) => {
    const messages = request.body.messages as Array<{ content: unknown }>;
    // The test says what to do through the prompt: "stall" or "finish".
    return JSON.stringify(messages).includes('stall')
      ? { kind: 'stallAfter', chunks: frames(3).slice(0, 3) }
      : { kind: 'sse', chunks: frames(10), delayMs: 30 };
  });
});

afterAll(async () => {
  await backend.close();
});

const prompt = (text: string, stream = true) => messagesRequest(stream, { messages: [{ role: 'user', content: text }] });

/** Starts a request and resolves with its whole body once it ends; `started` once bytes arrived. */
function openRequest(url: string, body: unknown): { started: Promise<void>; done: Promise<{ status: number; text: string }> } {
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = httpRequest(`${url}/v1/messages`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        markStarted();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.end(JSON.stringify(body));
  });
  return { started, done };
}

describe('RunningServer.close(graceMs)', () => {
  it('lets an open stream finish within the grace period and refuses new connections', async () => {
    const proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o' });
    const open = openRequest(proxy.url, prompt('finish'));
    await open.started;
    const closing = proxy.close(5_000);
    await expect(postToProxy(proxy.url, prompt('finish'), { timeoutMs: 2_000 })).rejects.toThrow();
    const { text } = await open.done;
    const events = anthropicEventsOf(text);
    validateAnthropicEventStream(events);
    expect(events.at(-1)?.type).toBe('message_stop');
    await closing;
  });

  it('past the deadline: an Anthropic error frame ends the stream, a pending sync request gets an overloaded envelope', async () => {
    const proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o' });
    const abortedBefore = backend.aborted;
    const stream = openRequest(proxy.url, prompt('stall'));
    await stream.started;
    const sync = openRequest(proxy.url, { ...prompt('stall', false) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const startedAt = Date.now();
    await proxy.close(200);
    expect(Date.now() - startedAt).toBeLessThan(1_500);

    const events = anthropicEventsOf((await stream.done).text);
    validateAnthropicEventStream(events);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: expect.stringContaining('shutting down') } });

    const answer = await sync.done;
    expect(answer.status).toBe(529);
    expect(JSON.parse(answer.text)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    await backend.waitForAborted(abortedBefore + 1);
  });
});

describe('the CLI on SIGTERM', () => {
  const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'claude-proxy-shutdown-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('ends an open stream with an error frame at the deadline and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', tsxLoader, mainPath, 'serve', '--port', '0'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o', SHUTDOWN_GRACE_MS: '300' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
          if (match) resolve(match[0]);
        });
        child.on('exit', () => reject(new Error(`the CLI exited early: ${output}`)));
      });
      const stream = openRequest(url, prompt('stall'));
      await stream.started;
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const events = anthropicEventsOf((await stream.done).text);
      validateAnthropicEventStream(events);
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
      expect(await exited).toBe(0);
      expect(output).toContain('SIGTERM: no new requests');
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
