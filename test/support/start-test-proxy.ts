import { parseConfig, type EnvRecord } from '../../src/config/parse-config.js';
import { parseConfigFile } from '../../src/config/parse-config-file.js';
import { createLogger } from '../../src/log/logger.js';
import { startServer, secretsOf, type RunningServer } from '../../src/runtime/node/start-server.js';

export interface TestProxy extends RunningServer {
  /** Every line the proxy logged. */
  logs: string[];
}

/**
 * Starts the proxy on an ephemeral 127.0.0.1 port with the given environment. Retries are off
 * unless the test sets UPSTREAM_RETRIES: most tests script one backend answer per request and
 * check what the client gets from it (a 429's retry-after passed on, a 5xx envelope).
 */
export async function startTestProxy(env: EnvRecord, options: { verbose?: boolean; port?: number } = {}): Promise<TestProxy> {
  const config = parseConfig({ LOG_LEVEL: 'info', UPSTREAM_RETRIES: '0', ...env }, { port: options.port ?? 0, host: '127.0.0.1', verbose: options.verbose });
  const logs: string[] = [];
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), write: (line) => logs.push(line) });
  const running = await startServer(config, { logger });
  return Object.assign(running, { logs });
}

/** Starts the proxy on an ephemeral 127.0.0.1 port from a configuration file's text. */
export async function startTestProxyFromFile(text: string, env: EnvRecord = {}): Promise<TestProxy> {
  const { config } = parseConfigFile({ text, path: 'test.yaml', env, cli: { port: 0, host: '127.0.0.1' } });
  const logs: string[] = [];
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), write: (line) => logs.push(line) });
  const running = await startServer(config, { logger });
  return Object.assign(running, { logs });
}
