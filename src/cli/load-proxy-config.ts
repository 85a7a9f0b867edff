import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProxyConfig } from '../config/config-types.js';
import { ConfigError, nonEmpty, parseConfig, type CliOverrides, type EnvRecord } from '../config/parse-config.js';
import { parseConfigFile } from '../config/parse-config-file.js';
import { loadEnvironment, type LoadedEnvironment } from './load-environment.js';

/** Looked for in the working directory when no `--config` is given, in this order. */
export const DEFAULT_CONFIG_FILES = ['claude-proxy.yaml', 'claude-proxy.yml', 'claude-proxy.json'];

export interface LoadedProxyConfig extends LoadedEnvironment {
  config: ProxyConfig;
  /** The file's warnings (a backend no route uses ...); empty in environment mode. */
  warnings: string[];
  /** The configuration file read, when any. */
  configPath: string | undefined;
}

export interface LoadProxyConfigOptions {
  cli?: CliOverrides;
  /** `--config FILE`; else CLAUDE_PROXY_CONFIG; else ./claude-proxy.yaml when present; else environment mode. */
  configPath?: string | undefined;
  cwd?: string;
  env?: EnvRecord;
}

/**
 * The configuration every command runs with: a configuration file when one is given or found,
 * else the environment (the quick start). The environment (process over ./.env over
 * ~/.claude-proxy/.env) also fills the file's `${NAME}` references.
 */
export function loadProxyConfig(options: LoadProxyConfigOptions = {}): LoadedProxyConfig {
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadEnvironment(cwd, options.env ?? process.env);
  const configPath = findConfigFile(cwd, options.configPath ?? nonEmpty(loaded.env.CLAUDE_PROXY_CONFIG));
  if (configPath === undefined) return { ...loaded, config: parseConfig(loaded.env, options.cli), warnings: [], configPath };
  const parsed = parseConfigFile({ text: readConfigFile(configPath), path: configPath, env: loaded.env, ...(options.cli ? { cli: options.cli } : {}) });
  const ignored = environmentOnlyVariables.filter((name) => nonEmpty(loaded.env[name]) !== undefined);
  if (ignored.length > 0) {
    parsed.warnings.push(`${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} set but ${configPath} configures the backends and routes: ${ignored.length === 1 ? 'it is' : 'they are'} ignored (use \${NAME} in the file to read a variable).`);
  }
  return { ...loaded, ...parsed, configPath };
}

/** Environment mode's backend and mapping variables, which a configuration file replaces. */
const environmentOnlyVariables = ['OPEN_AI_URL', 'OPENAI_BASE_URL', 'OPEN_MODEL', 'OPENAI_MODEL', 'HAIKU_MODEL', 'SONNET_MODEL', 'OPUS_MODEL', 'FABLE_MODEL', 'HAIKU_BASE_URL', 'MODEL_MAP'];

function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError(`The configuration file ${explicit} does not exist (from --config or CLAUDE_PROXY_CONFIG).`);
    return path;
  }
  return DEFAULT_CONFIG_FILES.map((name) => join(cwd, name)).find((path) => existsSync(path));
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

