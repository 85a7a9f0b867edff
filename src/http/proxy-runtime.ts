import type { BackendConfig, ProxyConfig } from '../config/config-types.js';
import { discoverFirstModel } from '../upstream/openai-chat/discover-first-model.js';
import type { Logger } from '../log/logger.js';
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
  /** The backend model to use when none is configured, asked once from the backend's /models. */
  discoverModel: (backend: BackendConfig) => Promise<string>;
  /** Backends resting after failures in a row, rested keys, and the retries' clock. */
  resilience: BackendResilience;
}

export interface ProxyRuntimeOptions {
  /** Fake clock, jitter and wait for tests; real ones by default. */
  timing?: Partial<RetryTiming>;
}

export function createProxyRuntime(config: ProxyConfig, logger: Logger, upstream: UpstreamClient, options: ProxyRuntimeOptions = {}): ProxyRuntime {
  const instanceId = randomHex(8);
  const idBase = randomHex(6);
  let counter = 0;
  const discovered = new Map<string, Promise<string>>();
  const runtime: ProxyRuntime = {
    config,
    logger,
    upstream,
    instanceId,
    loopBackends: new Set(
      config.backends.filter((backend) => backendPointsAtProxy(backend, config.host, config.port)).map((backend) => backend.name),
    ),
    rejectedParameters: new Map(),
    newId: (prefix) => `${prefix}${idBase}${(++counter).toString(36).padStart(6, '0')}`,
    discoverModel: (backend) => {
      let pending = discovered.get(backend.name);
      if (!pending) {
        pending = discoverFirstModel(backend, { client: upstream, instanceId, logger });
        discovered.set(backend.name, pending);
        // A failed discovery is retried on the next request instead of being cached.
        pending.catch(() => discovered.delete(backend.name));
      }
      return pending;
    },
    resilience: createBackendResilience(options.timing),
  };
  return runtime;
}

/** `bytes` random bytes as hex, from Web Crypto (in Node and in Workers alike). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
