import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Codex CLI, a dev dependency (`@openai/codex`; its platform package holds a static musl binary). */
export const codexBinary = fileURLToPath(new URL('../../node_modules/.bin/codex', import.meta.url));

export interface CodexRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Every JSON line of `codex exec --json` (thread.started, turn.started, item.completed, turn.completed…). */
  events: Array<Record<string, unknown>>;
  /** What `-o` wrote: Codex's last agent message, or undefined when it wrote nothing. */
  lastMessage: string | undefined;
  timedOut: boolean;
  durationMs: number;
}

export interface CodexRunOptions {
  /** The proxy (or a hop in front of it), without `/v1`. */
  baseUrl: string;
  model: string;
  prompt: string;
  timeoutMs?: number;
  /** Extra environment, e.g. RUST_LOG=debug. */
  env?: Record<string, string>;
}

/** The key Codex sends as `Authorization: Bearer` (its provider's `env_key`). */
export const codexClientKey = 'codex-client-key';

/**
 * Runs `codex exec --json` headless and offline against the proxy, in a scratch CODEX_HOME and
 * working directory, and kills it (its process group, by PID) if it overruns: Codex waits for the
 * network forever on a refused connection. Nothing of the parent's OpenAI or Codex settings leaks in.
 */
export async function runCodexCli(options: CodexRunOptions): Promise<CodexRun> {
  const started = Date.now();
  const home = mkdtempSync(join(tmpdir(), 'claude-proxy-codex-'));
  const work = mkdtempSync(join(tmpdir(), 'claude-proxy-codex-work-'));
  const lastMessageFile = join(home, 'last-message.txt');
  writeFileSync(join(home, 'config.toml'), codexConfig(options));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CODEX_HOME: home,
    CLAUDE_PROXY_KEY: codexClientKey,
    // No retries: a failure shows at once instead of after five reconnects.
    ...options.env,
  };
  const args = ['exec', '--skip-git-repo-check', '--ephemeral', '--json', '-o', lastMessageFile, '-C', work, options.prompt];
  const child = spawn(codexBinary, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs ?? 60_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  const lastMessage = readIfPresent(lastMessageFile);
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  return { exitCode, stdout, stderr, events: parseLines(stdout), lastMessage, timedOut, durationMs: Date.now() - started };
}

/** A custom provider speaking the Responses API, retries off (the mocks script one answer per request). */
function codexConfig(options: CodexRunOptions): string {
  return [
    `model = ${JSON.stringify(options.model)}`,
    'model_provider = "claude-proxy"',
    '',
    '[model_providers.claude-proxy]',
    'name = "claude-proxy"',
    `base_url = ${JSON.stringify(`${options.baseUrl}/v1`)}`,
    'env_key = "CLAUDE_PROXY_KEY"',
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Kills the process group we created (negative PID), falling back to the process itself. */
function killGroup(pid: number | undefined): void {
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

function parseLines(text: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null) lines.push(parsed as Record<string, unknown>);
    } catch {
      // Not a JSON event line.
    }
  }
  return lines;
}

/** The `item` of every `item.completed` event, in order. */
export function completedItemsOf(run: CodexRun): Array<Record<string, unknown>> {
  return run.events.filter((event) => event.type === 'item.completed').map((event) => event.item as Record<string, unknown>);
}

/** What to print when an assertion on a run fails. */
export function describeCodexRun(run: CodexRun): string {
  return `exit=${run.exitCode} timedOut=${run.timedOut} ${run.durationMs}ms\nstdout: ${run.stdout.slice(0, 4000)}\nstderr: ${run.stderr.slice(-4000)}`;
}
