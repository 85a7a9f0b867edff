import { secretsOf } from '../../config/parse-config.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProxyConfig } from '../../config/config-types.js';
import { closeUpstreamPool, undiciUpstreamClient } from './undici-upstream-client.js';
import { createLogger, type Logger } from '../../log/logger.js';
import { createRequestHandler } from '../../app/create-request-handler.js';
import { nodeProxyRequest, nodeResponseSink } from './node-http-exchange.js';
import { createProxyRuntime, type ProxyRuntime } from '../../http/proxy-runtime.js';
import { abortOpenRequests, countOpenRequests } from '../../http/request-scope.js';
import { ProxyError } from '../../errors/proxy-error.js';

export interface RunningServer {
  server: Server;
  runtime: ProxyRuntime;
  /** `http://host:port` as clients reach it. */
  url: string;
  port: number;
  /**
   * Stops accepting, lets open requests finish up to `graceMs`, then ends the rest with an error
   * in their own protocol (an `event: error` frame inside an Anthropic stream, a 503 envelope
   * before the headers) and closes every connection.
   */
  close(graceMs?: number): Promise<void>;
}

export interface StartServerOptions {
  logger?: Logger;
}

/** Starts the proxy on node:http. Resolves once it listens. */
export async function startServer(config: ProxyConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config), format: config.logFormat });
  const runtime = createProxyRuntime(config, logger, undiciUpstreamClient);
  // requestTimeout bounds receiving the request (a deliberately slow upload), not the response:
  // streams may run for many minutes.
  const handle = createRequestHandler(runtime);
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 120_000 }, (req, res) => handle(nodeProxyRequest(req), nodeResponseSink(res)));
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    server,
    runtime,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: (graceMs = 10_000) => closeServer(server, runtime, graceMs),
  };
}

/** After the grace period: how long the error frames of the remaining requests may take to go out. */
const shutdownFlushMs = 1_000;

async function closeServer(server: Server, runtime: ProxyRuntime, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections go as soon as they are idle, also those whose request ends during the grace.
  server.closeIdleConnections();
  const idleSweeper = setInterval(() => server.closeIdleConnections(), 50);
  idleSweeper.unref();
  try {
    if (!(await openRequestsDrained(runtime, graceMs))) {
      abortOpenRequests(runtime, new ProxyError('overloaded', 'The proxy is shutting down; retry the request.', { status: 503, retryable: true }));
      await openRequestsDrained(runtime, shutdownFlushMs);
    }
  } finally {
    clearInterval(idleSweeper);
  }
  server.closeAllConnections();
  await closed;
  await closeUpstreamPool();
  // The last requests' log lines (batched per tick) are out before close resolves.
  await runtime.logger.flush();
}

/** Resolves true once no request of `runtime` is open, false when `timeoutMs` passes first. */
function openRequestsDrained(runtime: ProxyRuntime, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      if (countOpenRequests(runtime) === 0) return resolve(true);
      if (Date.now() >= deadline) return resolve(false);
      setTimeout(check, Math.min(20, Math.max(1, deadline - Date.now())));
    };
    check();
  });
}

export { secretsOf };
