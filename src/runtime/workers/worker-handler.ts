/**
 * The request handler of one Worker isolate, built from the Worker's vars once and reused while
 * they stay the same (a new deployment with other vars gets new isolates anyway; the check is
 * one string comparison per request). A broken configuration is remembered as its 500 answer.
 */
import { createRequestHandler, type RequestHandler } from '../../app/create-request-handler.js';
import { secretsOf } from '../../config/parse-config.js';
import { createProxyRuntime } from '../../http/proxy-runtime.js';
import { createLogger } from '../../log/logger.js';
import { fetchUpstreamClient } from './fetch-upstream-client.js';
import { configErrorAnswer, parseWorkerConfig } from './worker-config.js';
import { workerInstanceId } from './worker-instance-id.js';

export type WorkerHandler =
  | { kind: 'ready'; handle: RequestHandler }
  | { kind: 'misconfigured'; answer: () => Response };

/** Handlers by hostname and vars; a Worker reached at several hostnames keeps one per hostname. */
const handlers = new Map<string, WorkerHandler>();
const maxHandlers = 8;

export function workerHandlerFor(hostname: string, vars: Readonly<Record<string, string>>): WorkerHandler {
  const key = `${hostname}\n${JSON.stringify(Object.entries(vars).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
  let handler = handlers.get(key);
  if (!handler) {
    handler = buildHandler(hostname, vars);
    if (handlers.size >= maxHandlers) handlers.clear();
    handlers.set(key, handler);
  }
  return handler;
}

function buildHandler(hostname: string, vars: Readonly<Record<string, string>>): WorkerHandler {
  let parsed: ReturnType<typeof parseWorkerConfig>;
  try {
    parsed = parseWorkerConfig(vars);
  } catch (error) {
    // The owner's log gets the whole story; the client a message without stack or secrets.
    console.error('claude-proxy: configuration error:', error instanceof Error ? error.message : error);
    return { kind: 'misconfigured', answer: () => configErrorAnswer(error, vars) };
  }
  const { config, warnings } = parsed;
  const secrets = secretsOf(config);
  // The Workers log (`wrangler tail`, the dashboard) takes console output line by line.
  // JSON lines (Workers Logs and wrangler tail parse them), unless LOG_FORMAT / logFormat says text.
  const logger = createLogger({ level: config.logLevel, secrets, format: config.logFormat ?? 'json', write: (line) => console.log(line) });
  for (const warning of warnings) logger.warn(warning);
  const runtime = createProxyRuntime(config, logger, fetchUpstreamClient(), { instanceId: workerInstanceId(hostname, vars, secrets) });
  return { kind: 'ready', handle: createRequestHandler(runtime) };
}
