import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProxyConfig } from '../config/config-types.js';
import type { CliOverrides, EnvRecord } from '../config/parse-config.js';
import { listOpenAIModels } from '../upstream/openai-chat/openai-chat-backend.js';
import { createLogger } from '../log/logger.js';
import { startServer, secretsOf, type RunningServer } from '../runtime/node/start-server.js';
import { CLAUDE_INSTALL_HINT, defaultLocalBinDirs, findClaudeExecutable } from './find-claude.js';
import { buildClaudeEnvironment, CLAUDE_SETTINGS, mergeChildEnvironment, routedModelsOf } from './launcher-env.js';
import { loadProxyConfig } from './load-proxy-config.js';
import { probeProxy } from './probe-proxy.js';
import { proxyConfigDir } from './user-paths.js';
import { undiciUpstreamClient } from '../runtime/node/undici-upstream-client.js';

export interface CodeCommandOptions {
  /** Arguments passed to `claude` as they are. */
  claudeArgs: string[];
  cli: CliOverrides;
  env?: EnvRecord;
  cwd?: string;
  /** Where `claude` is looked for after PATH; defaults to the node_modules/.bin folders. */
  localBinDirs?: string[];
  stderr?: (text: string) => void;
}

/**
 * `claude-proxy code [claude args…]`: makes sure a proxy answers on the configured port (starting
 * one inside this process if none does), runs `claude` pointed at it, and returns claude's exit
 * code. A proxy started here is stopped when claude exits.
 */
export async function runCodeCommand(options: CodeCommandOptions): Promise<number> {
  const userEnv = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const say = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const { config } = loadProxyConfig({ cli: options.cli, configPath: options.cli.config, cwd, env: userEnv });
  const claude = findClaudeExecutable(userEnv, options.localBinDirs ?? defaultLocalBinDirs(cwd));
  if (!claude) {
    say(`claude-proxy: Claude Code (\`claude\`) is not on PATH. Install it with:\n  ${CLAUDE_INSTALL_HINT}\n`);
    return 127;
  }
  const proxy = await ensureProxy(config, userEnv, say);
  if ('error' in proxy) {
    say(`claude-proxy: ${proxy.error}\n`);
    return 1;
  }
  try {
    const discoveredDefault = await discoverDefaultModel(config);
    const models = routedModelsOf(config, discoveredDefault);
    const ours = buildClaudeEnvironment({ config, proxyUrl: proxy.url, models, discoveredDefault });
    // Our settings go first, and only when the user passes none of their own (theirs would replace ours).
    const settings = options.claudeArgs.some((arg) => arg === '--settings' || arg.startsWith('--settings=')) ? [] : ['--settings', JSON.stringify(CLAUDE_SETTINGS)];
    return await runChild(claude, [...settings, ...options.claudeArgs], mergeChildEnvironment(userEnv, ours), cwd);
  } finally {
    await proxy.started?.close(2000);
  }
}

type EnsuredProxy = { url: string; started: RunningServer | undefined } | { error: string };

/** Reuses a proxy already answering on the port, or starts one in this process. */
async function ensureProxy(config: ProxyConfig, userEnv: EnvRecord, say: (text: string) => void): Promise<EnsuredProxy> {
  const local = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${local.includes(':') ? `[${local}]` : local}:${config.port}`;
  // Port 0 means "any free port": there is nothing to reuse.
  const probe = config.port === 0 ? { kind: 'nothing' as const } : await probeProxy(url);
  if (probe.kind === 'proxy') {
    say(`claude-proxy: using the proxy already running on ${url}\n`);
    return { url, started: undefined };
  }
  if (probe.kind === 'other') {
    return { error: `something other than claude-proxy is listening on ${url} (${probe.detail}). Stop it or pick another port with --port.` };
  }
  const logPath = join(proxyConfigDir(userEnv), 'proxy.log');
  mkdirSync(proxyConfigDir(userEnv), { recursive: true });
  // The terminal belongs to claude's UI: the proxy's log lines go to a file instead.
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), write: (line) => appendFileSync(logPath, `${line}\n`) });
  const started = await startServer(config, { logger });
  say(`claude-proxy: proxy started on ${started.url} for this session (log: ${logPath})\n`);
  return { url: started.url, started };
}

/** With OPEN_MODEL unset the proxy uses the backend's first model; ask for it to know its limits. */
async function discoverDefaultModel(config: ProxyConfig): Promise<string | undefined> {
  if (config.defaultModel) return undefined;
  const backend = config.backends.find((entry) => entry.name === config.defaultBackend);
  if (!backend) return undefined;
  try {
    const models = await listOpenAIModels(backend, { client: undiciUpstreamClient, headersTimeoutMs: 5000, bodyTimeoutMs: 5000, instanceId: 'claude-proxy-code' });
    return models[0];
  } catch {
    return undefined; // The registry's unknown-model limits are used; the proxy reports the real error.
  }
}

/** Runs claude on this terminal; resolves with its exit code (128 + signal number if killed). */
function runChild(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: 'inherit' });
    // Ctrl-C reaches claude from the terminal; this process must survive it to keep serving.
    const ignore = () => undefined;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    const done = (code: number) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      resolve(code);
    };
    child.on('error', (error) => {
      process.stderr.write(`claude-proxy: could not run ${command}: ${error.message}\n`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + signalNumber(signal)));
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal && numbers[signal]) ?? 1;
}
