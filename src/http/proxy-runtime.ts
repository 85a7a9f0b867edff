import type { BackendConfig, ProxyConfig } from '../config/config-types.js';
import { secretsOf } from '../config/parse-config.js';
import { discoverFirstModel } from '../upstream/openai-chat/discover-first-model.js';
import type { Logger, RequestLogRecord } from '../log/logger.js';
import { createRequestMetrics, type RequestMetrics } from '../log/request-metrics.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { backendPointsAtProxy } from '../upstream/detect-self-loop.js';
import { createBackendResilience, type BackendResilience, type RetryTiming } from '../upstream/backend-resilience.js';

/** Everything the request handlers share for the life of the server. */
export interface ProxyRuntime {
  config: ProxyConfig;
  logger: Logger;
  /** The runtime's way to call backends (undici on Node, fetch in a Worker). */
  upstream: UpstreamClient;
  /** Random id of this process, sent upstream in the hop header to detect loops. */
  instanceId: string;
  /** Counter-based ids: cheap and unique within the process. */
  newId: (prefix: string) => string;
  /** Names of backends whose URL points back at this proxy (requests to them are refused). */
  loopBackends: ReadonlySet<string>;
  /**
   * Optional request fields each backend/model pair has rejected by name (key `backend|model`),
   * so later requests leave them out up front. Behaviour of the backend, not session state.
   */
  rejectedParameters: Map<string, Set<string>>;
  /**
   * Called with each request's record once it has ended (after its log line): what metrics and
   * the dashboard read. A listener must not throw and must not keep the record's objects mutable.
   */
  requestListeners: Set<(record: RequestLogRecord) => void>;
  /** Counts every finished request (one of the request listeners); `GET /metrics` renders it. */
  metrics: RequestMetrics;
  /** The backend model to use when none is configured, asked once from the backend's /models. */
  discoverModel: (backend: BackendConfig) => Promise<string>;
  /** Backends resting after failures in a row, rested keys, and the retries' clock. */
  resilience: BackendResilience;
}

export interface ProxyRuntimeOptions {
  /** Fake clock, jitter and wait for tests; real ones by default. */
  timing?: Partial<RetryTiming>;
  /**
   * The id sent in the hop header; random by default (one process, one id). A Worker passes one
   * id for all its isolates: a request that loops back may land in another isolate of it.
   */
  instanceId?: string;
}

export function createProxyRuntime(config: ProxyConfig, logger: Logger, upstream: UpstreamClient, options: ProxyRuntimeOptions = {}): ProxyRuntime {
  const instanceId = options.instanceId ?? randomHex(8);
  const idBase = randomHex(6);
  let counter = 0;
  const discovered = new Map<string, Promise<string>>();
  const runtime: ProxyRuntime = {
    config,
    logger,
    upstream,
    instanceId,
    loopBackends: loopBackendsOf(config),
    rejectedParameters: new Map(),
    requestListeners: new Set(),
    newId: (prefix) => `${prefix}${idBase}${(++counter).toString(36).padStart(6, '0')}`,
    discoverModel: (backend) => {
      // By name and URL: a reloaded configuration may point a name elsewhere.
      const key = `${backend.name}\n${backend.baseUrl}`;
      let pending = discovered.get(key);
      if (!pending) {
        pending = discoverFirstModel(backend, { client: upstream, instanceId, logger });
        discovered.set(key, pending);
        // A failed discovery is retried on the next request instead of being cached.
        pending.catch(() => discovered.delete(key));
      }
      return pending;
    },
    resilience: createBackendResilience(options.timing),
    metrics: createRequestMetrics({
      backendKindOf: (name) => runtime.config.backends.find((backend) => backend.name === name)?.kind,
    }),
  };
  // Every runtime (Node, a Worker) counts its requests from the start.
  runtime.requestListeners.add(runtime.metrics.record);
  return runtime;
}

function loopBackendsOf(config: ProxyConfig): Set<string> {
  return new Set(config.backends.filter((backend) => backendPointsAtProxy(backend, config.host, config.port)).map((backend) => backend.name));
}

/**
 * Swaps in a reloaded configuration between requests. Each request reads `runtime.config` when
 * it starts planning and keeps the backend and model it chose, so an open stream finishes where
 * it started. The listening address stays until a restart; the returned notes say so.
 */
export function applyConfig(runtime: ProxyRuntime, next: ProxyConfig): string[] {
  const notes: string[] = [];
  const current = runtime.config;
  let applied = next;
  if (next.host !== current.host || next.port !== current.port) {
    notes.push(`listen changed to ${next.host}:${next.port}: restart the proxy to apply it (still on ${current.host}:${current.port}).`);
    applied = { ...next, host: current.host, port: current.port };
  }
  if (next.logLevel !== current.logLevel) notes.push(`logLevel changed to ${next.logLevel}: restart the proxy to apply it.`);
  runtime.logger.addSecrets(secretsOf(applied));
  runtime.loopBackends = loopBackendsOf(applied);
  runtime.config = applied;
  return notes;
}

/** `bytes` random bytes as hex, from Web Crypto (in Node and in Workers alike). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
