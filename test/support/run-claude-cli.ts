import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Claude Code CLI installed as a dev dependency (a native binary inside the npm package). */
export const claudeBinary = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

export interface ClaudeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** `--output-format json` result, when stdout parsed. */
  json: Record<string, unknown> | undefined;
  timedOut: boolean;
}

export interface ClaudeRunOptions {
  baseUrl: string;
  args: string[];
  timeoutMs?: number;
  env?: Record<string, string>;
}

/**
 * Runs `claude -p` headless and offline against the given base URL, in a scratch HOME, and kills
 * it (by its own PID) if it overruns. Nothing of the parent's Anthropic settings leaks in.
 */
export async function runClaudeCli(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const home = mkdtempSync(join(tmpdir(), 'claude-proxy-home-'));
  writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_API_KEY: 'test-client-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    ...options.env,
  };
  const child = spawn(claudeBinary, ['-p', '--output-format', 'json', ...options.args], {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 60_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  rmSync(home, { recursive: true, force: true });
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { exitCode, stdout, stderr, json, timedOut };
}
