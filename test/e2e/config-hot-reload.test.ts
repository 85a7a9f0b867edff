/**
 * Hot reload of the configuration file through the real server: a valid change applies to the
 * next request while an open stream finishes on the backend it started with; an invalid change
 * is refused on one log line and the running configuration kept.
 */
import Anthropic from '@anthropic-ai/sdk';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProxyConfig } from '../../src/cli/load-proxy-config.js';
import { watchConfigFile } from '../../src/cli/watch-config-file.js';
import { secretsOf } from '../../src/config/parse-config.js';
import { createLogger } from '../../src/log/logger.js';
import { startServer, type RunningServer } from '../../src/runtime/node/start-server.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';

let dir: string;
let path: string;
let first: MockOpenAIBackend;
let second: MockOpenAIBackend;
let server: RunningServer;
let stopWatching: () => void;
const logs: string[] = [];
let bump = 0;

/** Writes the file with a modification time that surely differs from the last one. */
function writeConfig(text: string): void {
  writeFileSync(path, text);
  bump += 10;
  const time = new Date(Date.now() + bump * 1000);
  utimesSync(path, time, time);
}

const configFor = (defaultTarget: string) =>
  `backends:\n  first: { baseUrl: "${first.url}" }\n  second: { baseUrl: "${second.url}", apiKey: "second-secret-key" }\nroutes: { default: "${defaultTarget}" }\n`;

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log: ${logs.join(' / ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claude-proxy-reload-'));
  path = join(dir, 'claude-proxy.yaml');
  const words = ['one ', 'two ', 'three ', 'four ', 'five'];
  first = await startMockOpenAIBackend(() => ({ kind: 'sse', chunks: chatStream(words.map((content) => ({ content }))), delayMs: 150 }));
  second = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'from second' }) }));
  writeConfig(configFor('first,model-a'));
  const load = () => loadProxyConfig({ configPath: path, cwd: dir, env: {}, cli: { port: 0, host: '127.0.0.1' } }).config;
  const config = load();
  const logger = createLogger({ level: 'info', secrets: secretsOf(config), write: (line) => logs.push(line) });
  server = await startServer(config, { logger });
  stopWatching = watchConfigFile({ path, runtime: server.runtime, load, intervalMs: 25 });
});

afterAll(async () => {
  stopWatching?.();
  await server?.close(100);
  await Promise.all([first?.close(), second?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('hot reload of the configuration file', () => {
  it('applies a valid change to new requests while an open stream finishes on its backend; refuses an invalid change', async () => {
    const client = new Anthropic({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-sonnet-5', max_tokens: 50, messages: [{ role: 'user', content: 'count' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    await until(() => text.length > 0, 'the first streamed text');

    writeConfig(configFor('second,model-b'));
    await until(() => logs.some((line) => line.startsWith(`Reloaded ${path}`)), 'the reload');
    const next = await client.messages.create({ model: 'claude-sonnet-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(next.content[0]).toMatchObject({ type: 'text', text: 'from second' });
    expect(second.received.at(-1)?.body.model).toBe('model-b');

    await stream.finalMessage();
    expect(text).toBe('one two three four five');
    expect(first.received).toHaveLength(1);

    writeConfig(configFor('nowhere,model-c'));
    await until(() => logs.some((line) => line.includes('not reloaded')), 'the refusal');
    const refusal = logs.find((line) => line.includes('not reloaded'))!;
    expect(refusal).toBe(
      `warning: ${path} not reloaded, keeping the running configuration: ${path}: routes.default names the backend "nowhere", which is not configured (configured: first, second)`,
    );
    const still = await client.messages.create({ model: 'claude-sonnet-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(still.content[0]).toMatchObject({ text: 'from second' });
  });
});
