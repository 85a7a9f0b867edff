import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSetupCommand, type SetupOptions } from '../../src/cli/setup-command.js';
import { createScriptedPrompter } from '../../src/cli/prompt.js';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';

let mock: MockOpenAIBackend;
let home: string;
let output: string;

beforeAll(async () => {
  mock = await startMockOpenAIBackend((request) =>
    request.headers.authorization === 'Bearer sk-good'
      ? { kind: 'json', body: chatCompletion({ content: 'OK' }) }
      : { kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } },
  );
});
afterAll(() => mock.close());
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'claude-proxy-setup-'));
  output = '';
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const settingsPath = () => join(home, '.claude', 'settings.json');
const readSettings = () => JSON.parse(readFileSync(settingsPath(), 'utf8')) as { env: Record<string, string> } & Record<string, unknown>;

function setup(options: Partial<SetupOptions> = {}): Promise<number> {
  return runSetupCommand({
    yes: true,
    url: mock.url,
    key: 'sk-good',
    model: 'mock-model',
    cli: { port: 8099 },
    env: { HOME: home, PATH: process.env.PATH },
    cwd: home,
    write: (text) => (output += text),
    testTimeoutMs: 10_000,
    ...options,
  });
}

describe('claude-proxy setup', () => {
  it('on a fresh home writes the backend file (mode 600) and the env block, and the test passes', async () => {
    expect(await setup()).toBe(0);
    const envFile = join(home, '.claude-proxy', '.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(parseEnv(readFileSync(envFile, 'utf8'))).toEqual({ OPEN_AI_URL: mock.url, API_KEY: 'sk-good', OPEN_MODEL: 'mock-model' });
    expect(readSettings().env).toMatchObject({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8099',
      ANTHROPIC_AUTH_TOKEN: 'claude-proxy',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-5-5',
      ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME: 'mock-model',
      ANTHROPIC_DEFAULT_FABLE_MODEL: 'claude-fable-5-2',
      ANTHROPIC_DEFAULT_FABLE_MODEL_DESCRIPTION: `mock-model on ${new URL(mock.url).host}, via claude-proxy`,
    });
    expect(readSettings().skipWebFetchPreflight).toBe(true);
    expect(output).toContain('Test passed: the backend answered "OK"');
    const last = mock.received.at(-1);
    expect(last?.path).toBe('/v1/chat/completions');
    expect(last?.body.model).toBe('mock-model');
  });

  it('keeps every other setting and env key, backs up the original once, and is idempotent', async () => {
    mkdirSync(join(home, '.claude'));
    const original = '{\n    "model": "opus",\n    "env": { "FOO": "bar", "ANTHROPIC_BASE_URL": "https://old" },\n    "permissions": {"allow": ["Bash(ls)"]}\n}';
    writeFileSync(settingsPath(), original);
    expect(await setup()).toBe(0);
    const first = readFileSync(settingsPath(), 'utf8');
    const settings = readSettings();
    expect(settings.model).toBe('opus');
    expect(settings.permissions).toEqual({ allow: ['Bash(ls)'] });
    expect(settings.env.FOO).toBe('bar');
    expect(settings.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:8099');
    expect(first).toContain('\n    "model"'); // the file's own indentation is kept
    expect(await setup()).toBe(0);
    expect(readFileSync(settingsPath(), 'utf8')).toBe(first);
    expect(readFileSync(`${settingsPath()}.claude-proxy-backup`, 'utf8')).toBe(original);

    output = '';
    expect(await setup({ undo: true })).toBe(0);
    expect(readFileSync(settingsPath(), 'utf8')).toBe(original);
    expect(existsSync(`${settingsPath()}.claude-proxy-backup`)).toBe(false);
    expect(output).toContain('Restored');
  });

  it("keeps the user's own skipWebFetchPreflight, and --undo leaves it", async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(settingsPath(), '{ "skipWebFetchPreflight": false, "env": {} }');
    expect(await setup()).toBe(0);
    expect(readSettings().skipWebFetchPreflight).toBe(false);
  });

  it('with a configuration file: writes no backend file, gives Claude Code the first access key, tests through the file\'s routes', async () => {
    writeFileSync(
      join(home, 'claude-proxy.yaml'),
      `accessKeys: [{ name: me, key: "my-access-key-1" }]\nbackends:\n  mock: { baseUrl: "${mock.url}", apiKey: "sk-good" }\nroutes: { default: "mock,file-model" }\n`,
    );
    expect(await setup({ url: undefined, key: undefined, model: undefined })).toBe(0);
    expect(existsSync(join(home, '.claude-proxy', '.env'))).toBe(false);
    expect(readSettings().env).toMatchObject({ ANTHROPIC_AUTH_TOKEN: 'my-access-key-1', ANTHROPIC_DEFAULT_SONNET_MODEL_NAME: 'file-model' });
    expect(output).toContain(`Using the configuration file ${join(home, 'claude-proxy.yaml')}`);
    expect(mock.received.at(-1)?.body.model).toBe('file-model');
  });

  it('saves FABLE_MODEL and names the fable tier in the env block', async () => {
    expect(await setup({ fableModel: 'big-reasoner' })).toBe(0);
    expect(parseEnv(readFileSync(join(home, '.claude-proxy', '.env'), 'utf8'))).toMatchObject({ FABLE_MODEL: 'big-reasoner', OPEN_MODEL: 'mock-model' });
    expect(readSettings().env).toMatchObject({
      ANTHROPIC_DEFAULT_FABLE_MODEL: 'claude-fable-5-2',
      ANTHROPIC_DEFAULT_FABLE_MODEL_NAME: 'big-reasoner',
      ANTHROPIC_DEFAULT_OPUS_MODEL_NAME: 'mock-model',
    });
  });

  it('--undo without an original file removes only our keys', async () => {
    expect(await setup()).toBe(0);
    const settings = readSettings();
    settings.theme = 'dark';
    settings.env.MINE = '1';
    writeFileSync(settingsPath(), JSON.stringify(settings));
    expect(await setup({ undo: true })).toBe(0);
    expect(JSON.parse(readFileSync(settingsPath(), 'utf8'))).toEqual({ theme: 'dark', env: { MINE: '1' } });
    expect(await setup({ undo: true })).toBe(0);
    expect(output).toContain('Nothing to undo');
  });

  it('reports a 401 from the backend in plain words and exits 1', async () => {
    expect(await setup({ key: 'sk-wrong' })).toBe(1);
    expect(output).toMatch(/Test failed: The backend refused the API key \(HTTP 401\)\. Check the key/);
    expect(output).toContain('Incorrect API key provided');
  });

  it('asks on the terminal, keeping the current value when an answer is left empty', async () => {
    expect(await setup()).toBe(0);
    const prompter = createScriptedPrompter(['', '', 'other-model', '']);
    expect(await setup({ yes: false, url: undefined, key: undefined, model: undefined, prompter })).toBe(0);
    expect(prompter.asked).toHaveLength(4);
    expect(parseEnv(readFileSync(join(home, '.claude-proxy', '.env'), 'utf8'))).toMatchObject({ OPEN_AI_URL: mock.url, API_KEY: 'sk-good', OPEN_MODEL: 'other-model' });
  });

  it('refuses a broken settings.json without touching anything', async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(settingsPath(), '{ not json');
    await expect(setup()).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(settingsPath(), 'utf8')).toBe('{ not json');
    expect(existsSync(`${settingsPath()}.claude-proxy-backup`)).toBe(false);
    expect(existsSync(join(home, '.claude-proxy'))).toBe(false);
  });
});
