/**
 * `GET /metrics`: the runtime's request metrics as Prometheus text, with the gauges read now
 * (open requests and streams, resting backends). Behind the admin key like every operator page.
 */
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import { countOpenRequests, countOpenStreams } from '../http/request-scope.js';
import { PROMETHEUS_CONTENT_TYPE } from '../log/prometheus-text.js';
import { adminRoutes } from './admin-routes.js';

export function renderMetrics(runtime: ProxyRuntime): string {
  const { health } = runtime.resilience;
  return runtime.metrics.render({
    openRequests: countOpenRequests(runtime),
    openStreams: countOpenStreams(runtime),
    backends: runtime.config.backends.map((backend) => ({ name: backend.name, resting: health.restingFor(backend.name) > 0 })),
  });
}

adminRoutes.push({
  method: 'GET',
  path: '/metrics',
  handle(runtime, _req, res) {
    const body = new TextEncoder().encode(renderMetrics(runtime));
    res.start(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': body.byteLength, 'cache-control': 'no-store' });
    res.end(body);
  },
});
