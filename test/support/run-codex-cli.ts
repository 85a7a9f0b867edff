import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectBounded, parseLines } from './run-claude-cli.js';

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
  /** The files in Codex's (scratch) working directory after the run: name -> text. */
  workFiles: Record<string, string>;
  timedOut: boolean;
  durationMs: number;
}

export interface CodexRunOptions {
  /** The proxy (or a hop in front of it), without `/v1`. */
  baseUrl: string;
  model: string;
  /** Each a turn: the first `codex exec <prompt>`, the next ones `codex exec resume --last <prompt>` in the same CODEX_HOME. */
  prompts: string[];
  /** Per run; the runner kills Codex past it. */
  timeoutMs?: number;
  /** Extra environment, e.g. RUST_LOG=debug. */
  env?: Record<string, string>;
  /** Codex's default for exec is `read-only`: commands run, apply_patch is refused. */
  sandbox?: 'read-only' | 'workspace-write';
  /** More top-level config.toml settings, e.g. `{ model_reasoning_effort: 'high' }`. */
  settings?: Record<string, string | number | boolean>;
  /** Files to put in Codex's working directory first: name -> content. */
  files?: Record<string, string | Uint8Array>;
}

/** The key Codex sends as `Authorization: Bearer` (its provider's `env_key`). */
export const codexClientKey = 'codex-client-key';

/**
 * Runs `codex exec --json` headless and offline against the proxy, once per prompt, in a scratch
 * CODEX_HOME and working directory, and kills it (its process group, by PID) if it overruns: Codex
 * waits for the network forever on a refused connection. Nothing of the parent's OpenAI or Codex
 * settings leaks in. Stops at the first run that does not exit 0.
 */
export async function runCodexSession(options: CodexRunOptions): Promise<CodexRun[]> {
  const home = mkdtempSync(join(tmpdir(), 'claude-proxy-codex-'));
  const work = mkdtempSync(join(tmpdir(), 'claude-proxy-codex-work-'));
  try {
    writeFileSync(join(home, 'config.toml'), codexConfig(options));
    for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(work, name), content);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: home, CLAUDE_PROXY_KEY: codexClientKey, ...options.env };
    const runs: CodexRun[] = [];
    for (const [index, prompt] of options.prompts.entries()) {
      const lastMessageFile = join(home, `last-message-${index}.txt`);
      // One turn alone needs no session file (--ephemeral); a resumed session does.
      const session = options.prompts.length === 1 ? ['--ephemeral'] : [];
      const common = ['--skip-git-repo-check', '--json', ...session, '--sandbox', options.sandbox ?? 'read-only', '-o', lastMessageFile];
      const args = index === 0 ? ['exec', ...common, '-C', work, prompt] : ['exec', ...common, 'resume', '--last', prompt];
      const run = await runOnce(args, { cwd: work, env, timeoutMs: options.timeoutMs ?? 60_000 });
      runs.push({ ...run, lastMessage: readIfPresent(lastMessageFile), workFiles: filesIn(work) });
      if (run.exitCode !== 0) break;
    }
    return runs;
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** One `codex exec` with one prompt (see runCodexSession). */
export async function runCodexCli(options: Omit<CodexRunOptions, 'prompts'> & { prompt: string }): Promise<CodexRun> {
  const [run] = await runCodexSession({ ...options, prompts: [options.prompt] });
  return run!;
}

async function runOnce(args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<Omit<CodexRun, 'lastMessage' | 'workFiles'>> {
  const started = Date.now();
  const child = spawn(codexBinary, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const { exitCode, stdout, stderr, timedOut } = await collectBounded(child, options.timeoutMs);
  return { exitCode, stdout, stderr, events: parseLines(stdout), timedOut, durationMs: Date.now() - started };
}

/** A custom provider speaking the Responses API, retries off (the mocks script one answer per request), nothing else contacted. */
function codexConfig(options: CodexRunOptions): string {
  return [
    `model = ${JSON.stringify(options.model)}`,
    'model_provider = "claude-proxy"',
    ...Object.entries(options.settings ?? {}).map(([key, value]) => `${key} = ${JSON.stringify(value)}`),
    '',
    '[model_providers.claude-proxy]',
    'name = "claude-proxy"',
    `base_url = ${JSON.stringify(`${options.baseUrl}/v1`)}`,
    'env_key = "CLAUDE_PROXY_KEY"',
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    // Without these Codex 0.169 also syncs its curated plugins from github.com and chatgpt.com
    // and exports OpenTelemetry metrics to ab.chatgpt.com (seen with RUST_LOG=debug): a test
    // must talk to 127.0.0.1 only.
    '[features]',
    'plugins = false',
    'apps = false',
    '',
    '[analytics]',
    'enabled = false',
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

function filesIn(directory: string): Record<string, string> {
  const entries = readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(entries.map((entry) => [entry.name, readFileSync(join(directory, entry.name), 'utf8')]));
}

/** The `item` of every `item.completed` event, in order. */
export function completedItemsOf(run: CodexRun): Array<Record<string, unknown>> {
  return run.events.filter((event) => event.type === 'item.completed').map((event) => event.item as Record<string, unknown>);
}

/** What to print when an assertion on a run fails. */
export function describeCodexRun(run: CodexRun): string {
  return `exit=${run.exitCode} timedOut=${run.timedOut} ${run.durationMs}ms\nstdout: ${run.stdout.slice(0, 4000)}\nstderr: ${run.stderr.slice(-4000)}`;
}
