import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProxyConfig } from '../../config/config-types.js';
import { closeUpstreamPool } from '../../backends/upstream-client.js';
import { createLogger, type Logger } from '../../log/logger.js';
import { createRequestHandler } from '../../app/create-request-handler.js';
import { createProxyRuntime, type ProxyRuntime } from '../../app/proxy-runtime.js';

export interface RunningServer {
  server: Server;
  runtime: ProxyRuntime;
  /** `http://host:port` as clients reach it. */
  url: string;
  port: number;
  /** Stops accepting, lets open requests finish up to `graceMs`, then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

export interface StartServerOptions {
  logger?: Logger;
}

/** Starts the proxy on node:http. Resolves once it listens. */
export async function startServer(config: ProxyConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const runtime = createProxyRuntime(config, logger);
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, createRequestHandler(runtime));
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
    close: (graceMs = 10_000) => closeServer(server, graceMs),
  };
}

async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
  await closeUpstreamPool();
}

/** Every secret the logger must redact. */
export function secretsOf(config: ProxyConfig): string[] {
  const secrets = config.backends.map((backend) => backend.apiKey).filter((key): key is string => Boolean(key));
  if (config.proxyApiKey) secrets.push(config.proxyApiKey);
  return secrets;
}
