import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCodeCommand } from '../../src/cli/code-command.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';
import { writeFakeClaude, type FakeClaude } from './fake-claude.js';

let home: string;
let fake: FakeClaude;
let output: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'claude-proxy-code-'));
  fake = writeFakeClaude();
  output = '';
  cleanups.push(() => rmSync(home, { recursive: true, force: true }), () => rmSync(fake.binDir, { recursive: true, force: true }));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function baseEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: `${fake.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    FAKE_CLAUDE_REPORT: fake.reportPath,
    OPEN_AI_URL: 'http://127.0.0.1:9/v1',
    OPEN_MODEL: 'deepseek-chat',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

function run(env: Record<string, string>, args: string[] = [], port = 0): Promise<number> {
  return runCodeCommand({ claudeArgs: args, cli: { port }, env, cwd: home, localBinDirs: [], stderr: (text) => (output += text) });
}

describe('claude-proxy code', () => {
  it("leaves Claude Code's --settings to the user when they pass their own", async () => {
    await run(baseEnv({ FAKE_CLAUDE_EXIT: '0' }), ['--settings', '/my/settings.json', '-p', 'hi']);
    expect(fake.read().args).toEqual(['--settings', '/my/settings.json', '-p', 'hi']);
  });

  it('starts a proxy for the session, runs claude with the environment, passes its exit code through', async () => {
    const exitCode = await run(baseEnv({ FAKE_CLAUDE_EXIT: '3', ANTHROPIC_API_KEY: 'sk-ant-must-not-leak', CONTEXT_WINDOW: '50000' }), ['-p', 'say hi']);
    expect(exitCode).toBe(3);
    const report = fake.read();
    expect(report.args).toEqual(['--settings', '{"skipWebFetchPreflight":true}', '-p', 'say hi']);
    expect(report.healthStatus).toBe(200);
    expect(report.env.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(report.env).toMatchObject({
      ANTHROPIC_AUTH_TOKEN: 'claude-proxy',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-5-5',
      ANTHROPIC_DEFAULT_SONNET_MODEL_NAME: 'deepseek-chat',
      ANTHROPIC_DEFAULT_FABLE_MODEL: 'claude-fable-5-2',
      CLAUDE_CODE_AUTO_COMPACT_WINDOW: '50000',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_ATTRIBUTION_HEADER: '0',
    });
    expect(report.env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(output).toContain('proxy started on');
    // The proxy it started is gone once claude has exited.
    await expect(fetch(`${report.env.ANTHROPIC_BASE_URL}/health`)).rejects.toThrow();
    // The proxy's log goes to a file, not to the terminal that claude's UI owns.
    expect(output).toContain(join(home, '.claude-proxy', 'proxy.log'));
  });

  it('uses a proxy that is already running on the port and leaves it running', async () => {
    const proxy: TestProxy = await startTestProxy({ OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'm' });
    cleanups.push(() => proxy.close(100));
    const exitCode = await run(baseEnv({ PROXY_API_KEY: 'proxy-secret' }), [], proxy.port);
    expect(exitCode).toBe(0);
    const report = fake.read();
    expect(report.env.ANTHROPIC_BASE_URL).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(report.env.ANTHROPIC_AUTH_TOKEN).toBe('proxy-secret');
    expect(output).toContain('already running');
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
  });

  it('refuses to use a port where something else answers', async () => {
    const other: Server = createServer((_req, res) => res.writeHead(404).end('nope'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const exitCode = await run(baseEnv({}), [], (other.address() as AddressInfo).port);
    expect(exitCode).toBe(1);
    expect(output).toMatch(/something other than claude-proxy is listening on http:\/\/127\.0\.0\.1:\d+ \(GET \/health answered 404/);
  });

  it('says how to install claude when it is missing', async () => {
    const exitCode = await run(baseEnv({ PATH: '/nonexistent' }));
    expect(exitCode).not.toBe(0);
    expect(output).toContain('npm install -g @anthropic-ai/claude-code');
  });
});
