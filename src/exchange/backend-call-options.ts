import type { BackendConfig } from '../config/config-types.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import type { RequestScope } from '../http/request-scope.js';
import type { BackendCallOptions } from '../upstream/backend-call.js';
import type { BackendAttempt } from './backend-attempt.js';
import { timeUpstreamCalls } from './time-upstream-calls.js';

/**
 * Timeouts (the backend's own over the proxy-wide ones), the client's abort, the hop header and
 * the key of this try, for one upstream call of this request; the call is timed for the metrics.
 */
export function backendCallOptions(runtime: ProxyRuntime, scope: RequestScope, backend: BackendConfig, attempt: BackendAttempt): BackendCallOptions {
  const proxyWide = runtime.config.timeouts;
  const own = backend.timeouts;
  return {
    client: timeUpstreamCalls(runtime.upstream, scope),
    signal: scope.abort,
    headersTimeoutMs: own?.headersMs ?? proxyWide.headersMs,
    bodyTimeoutMs: own?.bodyIdleMs ?? proxyWide.bodyIdleMs,
    connectTimeoutMs: own?.connectMs ?? proxyWide.connectMs,
    totalTimeoutMs: own?.totalMs ?? proxyWide.totalMs,
    instanceId: runtime.instanceId,
    apiKey: attempt.apiKey,
  };
}
