import { ConfigError, type CliOverrides, type EnvRecord } from '../config/parse-config.js';
import { formatRoutes } from './format-routes.js';
import { DEFAULT_CONFIG_FILES, loadProxyConfig } from './load-proxy-config.js';

export interface ConfigCheckOptions {
  /** `cli.config`: the file to check (else the default ./claude-proxy.yaml). */
  cli: CliOverrides;
  env?: EnvRecord;
  cwd?: string;
  write?: (text: string) => void;
}

/**
 * `claude-proxy config check [FILE]`: validates a configuration file without starting the proxy.
 * Exit code 0 when it is valid (warnings printed), 1 with one line per problem otherwise.
 */
export function runConfigCheckCommand(options: ConfigCheckOptions): number {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  try {
    const loaded = loadProxyConfig({ cli: options.cli, configPath: options.cli.config, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) });
    if (loaded.configPath === undefined) {
      write(`No configuration file: none given and none of ${DEFAULT_CONFIG_FILES.join(', ')} here. The proxy runs from the environment (OPEN_AI_URL, API_KEY, OPEN_MODEL).\n`);
      return 1;
    }
    const { config } = loaded;
    const lines = [
      `${loaded.configPath} is valid.`,
      `  listen: ${config.host}:${config.port}`,
      `  backends: ${config.backends.map((backend) => `${backend.name} (${backend.baseUrl}, ${backend.apiKeys.length} key${backend.apiKeys.length === 1 ? '' : 's'})`).join(', ')}`,
      `  access keys: ${config.accessKeys.length === 0 ? 'none (any client on this machine may use it)' : config.accessKeys.map((key) => key.name).join(', ')}`,
      ...formatRoutes(config).map((line) => `  ${line}`),
      ...loaded.warnings.map((warning) => `warning: ${warning}`),
    ];
    write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    write(`${error.message}\n`);
    return 1;
  }
}
