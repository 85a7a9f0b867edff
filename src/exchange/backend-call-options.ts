import type { ProxyRuntime } from '../http/proxy-runtime.js';
import type { RequestScope } from '../http/request-scope.js';
import type { BackendCallOptions } from '../upstream/backend-call.js';

/** Timeouts, the client's abort and the hop header for one upstream call of this request. */
export function backendCallOptions(runtime: ProxyRuntime, scope: RequestScope): BackendCallOptions {
  return {
    client: runtime.upstream,
    signal: scope.abort,
    headersTimeoutMs: runtime.config.timeouts.headersMs,
    bodyTimeoutMs: runtime.config.timeouts.bodyIdleMs,
    instanceId: runtime.instanceId,
  };
}
