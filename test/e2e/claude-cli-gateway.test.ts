/**
 * The real Claude Code CLI (`claude -p`, offline) through the proxy configured by a file, with
 * three mock backends on 127.0.0.1: Claude Code's main requests take the default route and,
 * when its first backend is down (503), its fallback; haiku-class requests take the background
 * route; `--model backend,model` picks a backend directly. What Claude Code prints and what each
 * backend received are both checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../support/claude-cli-stack.js';
import { startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { describeRun, runClaudeCli } from '../support/run-claude-cli.js';
import { startTestProxyFromFile, type TestProxy } from '../support/start-test-proxy.js';

const runTimeoutMs = 45_000;
let down: MockOpenAIBackend;
let spare: MockOpenAIBackend;
let small: MockOpenAIBackend;
let proxy: TestProxy;

const chats = (backend: MockOpenAIBackend) => backend.received.filter((request) => request.path.endsWith('/chat/completions'));

beforeAll(async () => {
  down = await startMockOpenAIBackend(() => ({ kind: 'json', status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } }));
  spare = await startMockOpenAIBackend((request) => answer(request, [{ content: 'Hello from the spare backend.' }]));
  small = await startMockOpenAIBackend((request) => answer(request, [{ content: 'Hello from the small model.' }]));
  proxy = await startTestProxyFromFile(`
accessKeys: [{ name: me, key: "my-access-key-123" }]
backends:
  down: { baseUrl: "${down.url}", apiKey: "sk-down-key-0123456789" }
  spare: { baseUrl: "${spare.url}", apiKey: "sk-spare-key-0123456789" }
  small: { baseUrl: "${small.url}" }
routes:
  default: ["down,big-model", "spare,spare-model"]
  background: "small,small-model"
retry: { retries: 1, baseDelayMs: 50, maxDelayMs: 100 }
`);
});

afterAll(async () => {
  await proxy?.close(100);
  await Promise.all([down?.close(), spare?.close(), small?.close()]);
});

describe('Claude Code through a configuration file', { timeout: 120_000 }, () => {
  it('main requests survive the default backend being down (fallback to the next target); haiku goes to background; backend,model picks directly', async () => {
    const env = { ANTHROPIC_API_KEY: 'my-access-key-123' };
    const main = await runClaudeCli({ baseUrl: proxy.url, args: ['say hi', '--model', 'opus'], env, timeoutMs: runTimeoutMs });
    expect(main.exitCode, describeRun(main)).toBe(0);
    expect(main.json).toMatchObject({ is_error: false, result: 'Hello from the spare backend.' });
    expect(chats(down).length).toBeGreaterThan(0);
    expect(chats(spare).every((request) => request.body.model === 'spare-model')).toBe(true);

    const haiku = await runClaudeCli({ baseUrl: proxy.url, args: ['say hi', '--model', 'haiku'], env, timeoutMs: runTimeoutMs });
    expect(haiku.exitCode, describeRun(haiku)).toBe(0);
    expect(haiku.json).toMatchObject({ is_error: false, result: 'Hello from the small model.' });
    expect(chats(small).every((request) => request.body.model === 'small-model')).toBe(true);

    const direct = await runClaudeCli({ baseUrl: proxy.url, args: ['say hi', '--model', 'small,picked-model'], env, timeoutMs: runTimeoutMs });
    expect(direct.exitCode, describeRun(direct)).toBe(0);
    expect(chats(small).at(-1)?.body.model).toBe('picked-model');

    const lines = proxy.logs.filter((line) => line.includes('POST /v1/messages'));
    expect(lines.some((line) => line.includes('route=default') && line.includes('@spare') && line.includes('key=me'))).toBe(true);
    expect(lines.some((line) => line.includes('route=background') && line.includes('@small'))).toBe(true);
    expect(lines.some((line) => line.includes('route=requested'))).toBe(true);
    expect(proxy.logs.join('\n')).not.toMatch(/sk-down-key|sk-spare-key|my-access-key-123/);
  });

  it('refuses Claude Code without the access key: a 401 that Claude Code reports as a bad key, no backend called', async () => {
    const before = chats(down).length + chats(spare).length + chats(small).length;
    const run = await runClaudeCli({ baseUrl: proxy.url, args: ['say hi'], env: { ANTHROPIC_API_KEY: 'not-the-key' }, timeoutMs: runTimeoutMs });
    expect(run.exitCode).not.toBe(0);
    // Claude Code shows its own words for a 401 ("Invalid API key · Fix external API key").
    expect(run.json).toMatchObject({ is_error: true, api_error_status: 401, api_error_type: 'authentication_error' });
    expect(chats(down).length + chats(spare).length + chats(small).length).toBe(before);
  });
});
