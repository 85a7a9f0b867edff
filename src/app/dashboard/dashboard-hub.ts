/**
 * One dashboard per runtime: its state, fed by the runtime's request listener, and the event
 * streams open right now. Kept beside the runtime (a WeakMap) instead of on it: the runtime
 * knows nothing of the operator's pages.
 */
import { countOpenRequests } from '../../http/request-scope.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import { activeRoutes } from './active-routes.js';
import { createDashboardState, type DashboardState } from './dashboard-state.js';
import type { DashboardSnapshot, DashboardStatus, DashboardUpdate } from './dashboard-types.js';

export interface DashboardHub {
  state: DashboardState;
  /** The open event streams, each called with every finished request's `request` frame (encoded once for all). */
  subscribers: Set<(frame: string) => void>;
}

const hubs = new WeakMap<ProxyRuntime, DashboardHub>();

/** The runtime's dashboard, counting from the first call on (the request handler makes it at start). */
export function watchDashboard(runtime: ProxyRuntime): DashboardHub {
  const known = hubs.get(runtime);
  if (known) return known;
  const created: DashboardHub = { state: createDashboardState(), subscribers: new Set() };
  hubs.set(runtime, created);
  runtime.requestListeners.add((record) => {
    const update = created.state.add(record);
    if (created.subscribers.size === 0) return;
    const frame = requestFrame(update);
    for (const subscriber of created.subscribers) {
      // A listener must not throw (it runs in the request's own path).
      try {
        subscriber(frame);
      } catch (error) {
        runtime.logger.warn(`dashboard update failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  return created;
}

function requestFrame(update: DashboardUpdate): string {
  return encodeSseFrame('request', JSON.stringify(update));
}

export function dashboardSnapshot(runtime: ProxyRuntime): DashboardSnapshot {
  const { state } = watchDashboard(runtime);
  return {
    since: state.since,
    recent: state.recent(),
    errors: state.errors(),
    all: state.all(),
    byModel: state.byModel(),
    byBackend: state.byBackend(),
    ...dashboardStatus(runtime),
  };
}

export function dashboardStatus(runtime: ProxyRuntime): DashboardStatus {
  return { openRequests: countOpenRequests(runtime), routes: activeRoutes(runtime.config) };
}
