import type { BackendConfig, ProxyConfig } from '../config/config-types.js';
import { listOpenAIModels } from '../upstream/openai-chat/openai-chat-backend.js';
import { RoutingError, UpstreamConnectionError, UpstreamTimeoutError } from '../errors/proxy-error.js';
import type { Logger } from '../log/logger.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { backendPointsAtProxy } from '../upstream/detect-self-loop.js';

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
}

export function createProxyRuntime(config: ProxyConfig, logger: Logger, upstream: UpstreamClient): ProxyRuntime {
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
        pending = discoverFirstModel(runtime, backend);
        discovered.set(backend.name, pending);
        // A failed discovery is retried on the next request instead of being cached.
        pending.catch(() => discovered.delete(backend.name));
      }
      return pending;
    },
  };
  return runtime;
}

async function discoverFirstModel(runtime: ProxyRuntime, backend: BackendConfig): Promise<string> {
  let models: string[];
  try {
    models = await listOpenAIModels(backend, {
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
      instanceId: runtime.instanceId,
      client: runtime.upstream,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = backend.source.startsWith('default')
      ? 'Start Ollama (`ollama serve`), or set OPEN_AI_URL and OPEN_MODEL to your backend.'
      : 'Check that it is running and reachable, or set OPEN_MODEL so that no model list is needed.';
    // The backend is down or broken, not the request: a backend error (502/504), never a 400.
    const options = { cause: error, retryAfter: undefined };
    const message = `Backend ${backend.baseUrl} did not answer its model list (${reason}). ${fix}`;
    throw error instanceof UpstreamTimeoutError ? new UpstreamTimeoutError(message, options) : new UpstreamConnectionError(message, options);
  }
  const first = models[0];
  if (!first) throw new RoutingError(`No backend model is configured: set OPEN_MODEL (the backend ${backend.baseUrl} lists no models).`);
  runtime.logger.info(`No OPEN_MODEL set: using "${first}", the first model that ${backend.baseUrl}/models lists.`);
  return first;
}

/** `bytes` random bytes as hex, from Web Crypto (in Node and in Workers alike). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
