import { existsSync, readFileSync } from 'node:fs';
import { listOpenAIModels } from '../upstream/openai-chat/openai-chat-backend.js';
import { backendKeys, normalizeBaseUrl, type CliOverrides, type EnvRecord } from '../config/parse-config.js';
import { settingsEnvOf } from './claude-settings.js';
import { installClaudeSettings, settingsPathsFor, undoClaudeSettings, type UndoOutcome } from './install-claude-settings.js';
import { buildClaudeEnvironment, CLAUDE_SETTINGS, routedModelsOf } from './launcher-env.js';
import { loadEnvironment } from './load-environment.js';
import { loadProxyConfig } from './load-proxy-config.js';
import { createTerminalPrompter, type Prompter } from './prompt.js';
import { sendTestMessage } from './send-test-message.js';
import { updateEnvFile } from './user-env-file.js';
import { claudeSettingsPath, proxyConfigDir, userEnvFilePath } from './user-paths.js';
import { undiciUpstreamClient } from '../runtime/node/undici-upstream-client.js';

/** The backend answers; an empty string means "not set". */
export interface BackendAnswers {
  url: string;
  key: string;
  model: string;
  haikuModel: string;
  sonnetModel: string;
  opusModel: string;
  fableModel: string;
}

export interface SetupOptions extends Partial<BackendAnswers> {
  /** Take flags and current values, ask nothing (for scripts). */
  yes?: boolean;
  undo?: boolean;
  cli: CliOverrides;
  env?: EnvRecord;
  cwd?: string;
  /** Defaults to a terminal prompter when stdin is a terminal. */
  prompter?: Prompter;
  write?: (text: string) => void;
  testTimeoutMs?: number;
}

/**
 * `claude-proxy setup`: saves the backend settings to ~/.claude-proxy/.env (mode 600), points
 * Claude Code at the proxy in ~/.claude/settings.json (original backed up once), and sends one
 * test request through the proxy. `--undo` puts settings.json back. Exit code 1 if the test fails.
 */
export async function runSetupCommand(options: SetupOptions): Promise<number> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const paths = settingsPathsFor(claudeSettingsPath(env), proxyConfigDir(env));
  if (options.undo) return reportUndo(undoClaudeSettings(paths), paths.settings, userEnvFilePath(env), write);

  // A broken settings.json stops us before anything is written (settingsEnvOf throws on it).
  settingsEnvOf(existsSync(paths.settings) ? readFileSync(paths.settings, 'utf8') : undefined);
  // With a configuration file the backends are configured there: setup only points Claude Code at the proxy.
  const fromFile = loadProxyConfig({ cli: options.cli, configPath: options.cli.config, cwd, env });
  if (fromFile.configPath === undefined) {
    const saved = await saveBackendAnswers(options, env, cwd, write);
    if (!saved) return 1;
  } else {
    write(`Using the configuration file ${fromFile.configPath}; its backends and routes are not changed by setup.\n`);
  }

  // The configuration every later command will see, now that the file is written.
  const { config } = loadProxyConfig({ cli: options.cli, configPath: options.cli.config, cwd, env });
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const keys = buildClaudeEnvironment({ config, proxyUrl: `http://${host}:${config.port}`, models: routedModelsOf(config) });
  installClaudeSettings(paths, keys, CLAUDE_SETTINGS);
  const kept = existsSync(paths.backup) ? `the original is kept in ${paths.backup}` : 'there was no settings file before';
  write(`Pointed Claude Code at http://${host}:${config.port} in ${paths.settings} (${kept}; \`claude-proxy setup --undo\` undoes it).\n`);
  if ('ANTHROPIC_API_KEY' in settingsEnvOf(readFileSync(paths.settings, 'utf8'))) {
    write('Note: settings.json also sets ANTHROPIC_API_KEY; the proxy accepts it, but remove it if it is a real Anthropic key.\n');
  }

  write('Sending a test request through the proxy to the backend...\n');
  const result = await sendTestMessage(config, options.testTimeoutMs);
  if (!result.ok) {
    write(`Test failed: ${result.explanation}\nFix it and run \`claude-proxy setup\` again; \`claude-proxy doctor\` checks each model in detail.\n`);
    return 1;
  }
  write(`Test passed: the backend answered ${JSON.stringify(result.reply)}.\n\n`);
  write('Next: keep `claude-proxy serve` running and use `claude` as usual, or run `claude-proxy code` (starts the proxy for the session).\n');
  return 0;
}

/** Asks for (or takes from flags) the one backend of environment mode and saves it to ~/.claude-proxy/.env. */
async function saveBackendAnswers(options: SetupOptions, env: EnvRecord, cwd: string, write: (text: string) => void): Promise<boolean> {
  const answers = await gatherAnswers(options, loadEnvironment(cwd, env).env, write);
  if (!answers) return false;
  const url = normalizeBaseUrl(answers.url, '--url');
  updateEnvFile(userEnvFilePath(env), {
    OPEN_AI_URL: url,
    API_KEY: answers.key || undefined,
    OPEN_MODEL: answers.model || undefined,
    HAIKU_MODEL: answers.haikuModel || undefined,
    SONNET_MODEL: answers.sonnetModel || undefined,
    OPUS_MODEL: answers.opusModel || undefined,
    FABLE_MODEL: answers.fableModel || undefined,
  });
  write(`Saved the backend settings to ${userEnvFilePath(env)} (readable only by you).\n`);
  warnShadowed(env, cwd, write);
  return true;
}

/** Flags win; with --yes the rest keeps its current value; otherwise the terminal is asked. */
async function gatherAnswers(options: SetupOptions, current: EnvRecord, write: (text: string) => void): Promise<BackendAnswers | undefined> {
  const defaults: BackendAnswers = {
    url: options.url ?? current.OPEN_AI_URL ?? current.OPENAI_BASE_URL ?? 'http://127.0.0.1:11434/v1',
    key: options.key ?? current.API_KEY ?? current.OPENAI_API_KEY ?? '',
    model: options.model ?? current.OPEN_MODEL ?? current.OPENAI_MODEL ?? '',
    haikuModel: options.haikuModel ?? current.HAIKU_MODEL ?? '',
    sonnetModel: options.sonnetModel ?? current.SONNET_MODEL ?? '',
    opusModel: options.opusModel ?? current.OPUS_MODEL ?? '',
    fableModel: options.fableModel ?? current.FABLE_MODEL ?? '',
  };
  if (options.yes) return defaults;
  const prompter = options.prompter ?? (process.stdin.isTTY ? createTerminalPrompter() : undefined);
  if (!prompter) {
    write('claude-proxy setup: no terminal to ask on. For scripts pass --yes with --url, --key and --model.\n');
    return undefined;
  }
  try {
    return await askAnswers(prompter, options, defaults, write);
  } finally {
    prompter.close();
  }
}

async function askAnswers(prompter: Prompter, flags: SetupOptions, defaults: BackendAnswers, write: (text: string) => void): Promise<BackendAnswers> {
  const url = flags.url ?? (await prompter.ask('Backend URL (OpenAI-compatible, up to /v1)', defaults.url));
  const key = flags.key ?? (await prompter.ask('API key (empty for none)', defaults.key, { secret: true, shownDefault: defaults.key ? 'keep current' : '' }));
  const available = await listModelsQuietly(url, key);
  if (available.length > 0) write(`The backend offers: ${available.slice(0, 20).join(', ')}${available.length > 20 ? ', ...' : ''}\n`);
  const model = flags.model ?? (await prompter.ask('Model for Claude Code', defaults.model || available[0]));
  const tier = async (flag: string | undefined, label: string, fallback: string) =>
    flag ?? (await prompter.ask(`${label} (empty = same model)`, fallback));
  return {
    url,
    key,
    model,
    haikuModel: await tier(flags.haikuModel, 'Model for haiku (fast, background tasks)', defaults.haikuModel),
    sonnetModel: flags.sonnetModel ?? defaults.sonnetModel,
    opusModel: flags.opusModel ?? defaults.opusModel,
    fableModel: flags.fableModel ?? defaults.fableModel,
  };
}

/** The backend's model list to choose from; nothing if it cannot be had quickly. */
async function listModelsQuietly(url: string, key: string): Promise<string[]> {
  try {
    const backend = { name: 'default', kind: 'openai' as const, baseUrl: normalizeBaseUrl(url, 'URL'), ...backendKeys(key || undefined), source: 'setup' };
    return await listOpenAIModels(backend, { client: undiciUpstreamClient, headersTimeoutMs: 5000, bodyTimeoutMs: 5000, instanceId: 'claude-proxy-setup' });
  } catch {
    return [];
  }
}

/** Values in the environment or ./.env take precedence over the file we just wrote. */
function warnShadowed(env: EnvRecord, cwd: string, write: (text: string) => void): void {
  const names = ['OPEN_AI_URL', 'OPENAI_BASE_URL', 'API_KEY', 'OPENAI_API_KEY', 'OPEN_MODEL', 'OPENAI_MODEL', 'HAIKU_MODEL', 'SONNET_MODEL', 'OPUS_MODEL', 'FABLE_MODEL'];
  const withoutUserFile = loadEnvironment(cwd, env, '/nonexistent/claude-proxy/.env').env;
  const shadowed = names.filter((name) => withoutUserFile[name]?.trim());
  if (shadowed.length > 0) {
    write(`Note: ${shadowed.join(', ')} ${shadowed.length === 1 ? 'is' : 'are'} also set in your environment or ./.env, which take precedence over ${userEnvFilePath(env)}.\n`);
  }
}

function reportUndo(outcome: UndoOutcome, settings: string, envFile: string, write: (text: string) => void): number {
  const messages: Record<UndoOutcome, string> = {
    'restored-backup': `Restored ${settings} to what it was before \`claude-proxy setup\`.`,
    'removed-keys': `Removed the proxy's keys from ${settings} (there was no settings file before setup; your other settings are kept).`,
    'removed-file': `Removed ${settings} (setup had created it).`,
    'nothing-to-undo': `Nothing to undo: \`claude-proxy setup\` has not changed ${settings}.`,
  };
  write(`${messages[outcome]}\n`);
  if (existsSync(envFile)) write(`The backend settings in ${envFile} are left in place; delete that file if you no longer need them.\n`);
  return 0;
}
