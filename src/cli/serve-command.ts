import type { CliOverrides } from '../config/parse-config.js';
import { startServer, secretsOf } from '../runtime/node/start-server.js';
import { createLogger } from '../log/logger.js';
import { formatBanner } from './format-banner.js';
import { loadProxyConfig } from './load-proxy-config.js';
import { watchConfigFile } from './watch-config-file.js';
import { warnIfDefaultBackendSilent } from './warn-if-backend-silent.js';

/** `claude-proxy [serve]`: runs the proxy in the foreground until SIGINT/SIGTERM. */
export async function runServeCommand(cli: CliOverrides, version: string): Promise<void> {
  const { env, dotenvPath, userEnvPath, config, warnings, configPath } = loadProxyConfig({ cli, configPath: cli.config });
  // LOG_FORMAT / the file's logFormat, else readable lines on a terminal and JSON lines otherwise
  // (a container's log collector, systemd, a pipe). Fixed at start: a reload does not change it.
  const format = config.logFormat ?? (process.stdout.isTTY ? 'text' : 'json');
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), format });
  // Lines are written once per tick: whatever is queued still goes out when the process exits.
  process.on('exit', () => logger.flushSync());
  const running = await startServer(config, { logger });
  logger.info(formatBanner({ config, url: running.url, version, dotenvPath, userEnvPath, loopBackends: running.runtime.loopBackends }));
  for (const warning of warnings) logger.warn(warning);
  if (configPath) watchConfigFile({ path: configPath, runtime: running.runtime, load: () => loadProxyConfig({ cli, configPath }).config });
  void warnIfDefaultBackendSilent(config, logger, running.runtime.instanceId);
  // SHUTDOWN_GRACE_MS: how long open requests may take to finish on SIGINT/SIGTERM (default 10 s).
  const graceInput = Number(env.SHUTDOWN_GRACE_MS);
  const graceMs = Number.isInteger(graceInput) && graceInput >= 0 && env.SHUTDOWN_GRACE_MS ? graceInput : 10_000;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: no new requests; letting open ones finish (up to ${graceMs / 1000} s). Press Ctrl-C again to quit now.`);
    running.close(graceMs).then(() => logger.flush()).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
