import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Claude Code CLI installed as a dev dependency (a native binary inside the npm package). */
export const claudeBinary = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

/** The older pin kept for one scenario (package.json alias `claude-code-2-1-197`). */
export const claudeBinaryPinnedOld = fileURLToPath(new URL('../../node_modules/claude-code-2-1-197/bin/claude.exe', import.meta.url));

export interface ClaudeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The `result` object: the whole stdout for `json`, the `type: "result"` line for `stream-json`. */
  json: Record<string, unknown> | undefined;
  /** Every parsed stdout line for `stream-json` (system init, assistant/user messages, result). */
  events: Array<Record<string, unknown>>;
  timedOut: boolean;
  /** Wall time of the run. */
  durationMs: number;
}

export interface ClaudeRunOptions {
  baseUrl: string;
  args: string[];
  timeoutMs?: number;
  env?: Record<string, string>;
  /** `json` (default) or `stream-json` (adds `--verbose`, exposes thinking/tool blocks in `events`). */
  outputFormat?: 'json' | 'stream-json';
  /** Another Claude Code binary than the current pin (`claudeBinaryPinnedOld`). */
  binary?: string;
}

/**
 * Runs `claude -p` headless and offline against the given base URL, in a scratch HOME, and kills
 * it if it overruns. It runs in its own process group, so the kill (by that PID) also ends the
 * shells its Bash tool started, and nothing else. Nothing of the parent's Anthropic settings leaks in.
 */
export async function runClaudeCli(options: ClaudeRunOptions): Promise<ClaudeRun> {
  await acquireSlot();
  try {
    return await runOnce(options);
  } finally {
    releaseSlot();
  }
}

/**
 * Each run costs about a CPU-second of start-up: more runs at once than CPUs only makes each one
 * slower and the hang timeouts less meaningful. Limit per test process (CLAUDE_CLI_CONCURRENCY).
 */
const maxConcurrentRuns = Number(process.env.CLAUDE_CLI_CONCURRENCY) || Math.max(2, availableParallelism());
let runningCount = 0;
const waiting: Array<() => void> = [];

async function acquireSlot(): Promise<void> {
  if (runningCount < maxConcurrentRuns) {
    runningCount++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next(); // the slot passes straight to the next run
  else runningCount--;
}

/** The output and exit of a CLI started in its own process group; the group is killed (by its PID) once `timeoutMs` passes. */
export async function collectBounded(child: ChildProcess, timeoutMs: number): Promise<{ exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  return { exitCode, stdout, stderr, timedOut };
}

async function runOnce(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const started = Date.now();
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
  const format = options.outputFormat ?? 'json';
  const formatArgs = format === 'stream-json' ? ['--output-format', 'stream-json', '--verbose'] : ['--output-format', 'json'];
  const child = spawn(options.binary ?? claudeBinary, ['-p', ...formatArgs, ...options.args], {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const { exitCode, stdout, stderr, timedOut } = await collectBounded(child, options.timeoutMs ?? 60_000);
  rmSync(home, { recursive: true, force: true });
  const events = format === 'stream-json' ? parseLines(stdout) : [];
  const json = format === 'stream-json' ? events.findLast((event) => event.type === 'result') : parseObject(stdout);
  return { exitCode, stdout, stderr, json, events, timedOut, durationMs: Date.now() - started };
}

/** Kills the process group we created (negative PID), falling back to the process itself. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function parseLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .map((line) => parseObject(line))
    .filter((line): line is Record<string, unknown> => line !== undefined);
}

/** Content blocks of every assistant message in a `stream-json` run. */
export function assistantBlocksOf(run: ClaudeRun): Array<Record<string, unknown>> {
  const blocks: Array<Record<string, unknown>> = [];
  for (const event of run.events) {
    if (event.type !== 'assistant') continue;
    const message = event.message as { content?: unknown } | undefined;
    if (Array.isArray(message?.content)) blocks.push(...(message.content as Array<Record<string, unknown>>));
  }
  return blocks;
}

/** What to print when an assertion on a run fails. */
export function describeRun(run: ClaudeRun): string {
  return `exit=${run.exitCode} timedOut=${run.timedOut} ${run.durationMs}ms\nstdout: ${run.stdout.slice(0, 3000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
}
