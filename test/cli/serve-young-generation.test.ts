/**
 * `claude-proxy serve` on a Node with `process.execve` (22.15+, 23.11+; CI's second pass runs
 * Node 24) restarts itself in place with `--max-semi-space-size=16`: the same pid, now started
 * with the flag, still serving. On Node 20 it runs as started. A limit given in NODE_OPTIONS is
 * kept. Read from /proc/<pid>/cmdline, so Linux only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliServe } from '../support/run-cli-serve.js';

const hasExecve = typeof (process as { execve?: unknown }).execve === 'function';
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'claude-proxy-young-gen-'));
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** Starts `serve`, waits until it answers /health, reads the command line its pid runs, then SIGTERM. */
async function serveCommandLine(env: Record<string, string>): Promise<string[]> {
  const run = await runCliServe(
    // A backend nobody listens at: serve starts anyway and warns.
    { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home, OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'm', ...env } },
    async (url, pid) => {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    },
  );
  expect(run.exitCode).toBe(0);
  return run.result;
}

describe.skipIf(!existsSync('/proc/self/cmdline'))('serve: V8 young generation limit', () => {
  it(hasExecve ? 'restarts itself in place with --max-semi-space-size=16 (this Node has process.execve)' : 'runs as started (this Node has no process.execve)', async () => {
    const commandLine = await serveCommandLine({});
    expect(commandLine.includes('--max-semi-space-size=16')).toBe(hasExecve);
    expect(commandLine.slice(-3)).toEqual(['serve', '--port', '0']);
  }, 30_000);

  it('keeps the limit given in NODE_OPTIONS', async () => {
    const commandLine = await serveCommandLine({ NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(commandLine).not.toContain('--max-semi-space-size=16');
  }, 30_000);
});
