/**
 * `GET /dashboard/events`: the page's live feed. A `snapshot` first (and again after the client
 * fell behind), a `request` for each finished request, a `status` every few seconds (open
 * requests, routes; also the keep-alive). A slow client is not queued for: while its socket is
 * full, updates are skipped, and once it drains it gets a fresh snapshot instead.
 */
import { SSE_HEADERS, writeJson } from '../../http/http-io.js';
import type { ResponseSink } from '../../http/proxy-request.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import { dashboardSnapshot, dashboardStatus, watchDashboard } from './dashboard-hub.js';

export const statusIntervalMs = 2_000;
/** Each stream costs a timer and a subscriber: enough for a team's browsers, not for a flood. */
const maxStreams = 32;

export function streamDashboardEvents(runtime: ProxyRuntime, res: ResponseSink): void {
  const hub = watchDashboard(runtime);
  if (hub.subscribers.size >= maxStreams) {
    writeJson(res, 503, { type: 'error', error: { type: 'overloaded_error', message: `Too many dashboard streams open (${maxStreams}); close a tab.` } }, { 'retry-after': '10' });
    return;
  }
  res.start(200, { ...SSE_HEADERS, 'x-content-type-options': 'nosniff' });
  let waiting = false;
  let missed = false;
  const write = (frame: string): void => {
    if (res.closed) return;
    if (waiting) {
      missed = true;
      return;
    }
    if (res.write(frame)) return;
    waiting = true;
    res.onDrain(() => {
      waiting = false;
      if (missed) {
        missed = false;
        send('snapshot', dashboardSnapshot(runtime));
      }
    });
  };
  const send = (event: string, value: unknown): void => write(encodeSseFrame(event, JSON.stringify(value)));
  hub.subscribers.add(write);
  const timer = setInterval(() => send('status', dashboardStatus(runtime)), statusIntervalMs);
  // Node: an open dashboard must not keep a stopping process alive by its timer alone.
  (timer as { unref?: () => void }).unref?.();
  res.onClose(() => {
    hub.subscribers.delete(write);
    clearInterval(timer);
  });
  send('snapshot', dashboardSnapshot(runtime));
}
