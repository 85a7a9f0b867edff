import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../config/parse-config.js';
import type { RequestLogRecord } from '../../log/logger.js';
import { createLogger } from '../../log/logger.js';
import type { ResponseSink } from '../../http/proxy-request.js';
import { createProxyRuntime } from '../../http/proxy-runtime.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { watchDashboard } from './dashboard-hub.js';
import { statusIntervalMs, streamDashboardEvents } from './stream-dashboard-events.js';

/** A response whose socket is full while `full` is set, like a browser tab that stopped reading. */
function fakeSink() {
  const frames: string[] = [];
  const drains: (() => void)[] = [];
  const closes: ((finished: boolean) => void)[] = [];
  const sink = {
    full: false,
    status: 0,
    headersSent: false,
    closed: false,
    setHeader() {},
    start(status: number) {
      sink.status = status;
      sink.headersSent = true;
    },
    write(chunk: string | Uint8Array) {
      frames.push(String(chunk));
      return !sink.full;
    },
    onDrain: (listener: () => void) => drains.push(listener),
    end() {
      sink.closed = true;
    },
    onClose: (listener: (finished: boolean) => void) => closes.push(listener),
    destroy() {},
  };
  return {
    sink: sink as typeof sink & ResponseSink,
    /** The data of the last frame, parsed. */
    lastData: (): unknown => JSON.parse(/\ndata: (.*)\n/.exec(frames.at(-1) ?? '')?.[1] ?? 'null'),
    events: () => frames.map((frame) => /^event: (\w+)/.exec(frame)?.[1]),
    drain() {
      sink.full = false;
      for (const listener of drains.splice(0)) listener();
    },
    disconnect() {
      sink.closed = true;
      for (const listener of closes) listener(false);
    },
  };
}

function runtime() {
  const logger = createLogger({ level: 'silent', secrets: [] });
  return createProxyRuntime(parseConfig({}), logger, {} as UpstreamClient);
}

const record = (requestId: string): RequestLogRecord => ({ requestId, method: 'POST', path: '/v1/messages', status: 200, totalMs: 5 });
const finish = (proxy: ReturnType<typeof runtime>, requestId: string) => {
  for (const listener of proxy.requestListeners) listener(record(requestId));
};

afterEach(() => {
  vi.useRealTimers();
});

describe('streamDashboardEvents', () => {
  it('starts with a snapshot, then sends each finished request and a status every few seconds', () => {
    vi.useFakeTimers();
    const proxy = runtime();
    watchDashboard(proxy);
    const client = fakeSink();
    streamDashboardEvents(proxy, client.sink);
    expect(client.sink.status).toBe(200);
    finish(proxy, 'req_1');
    vi.advanceTimersByTime(statusIntervalMs);
    expect(client.events()).toEqual(['snapshot', 'request', 'status']);
    client.disconnect();
  });

  it('skips updates while the client is not reading, then sends one fresh snapshot that has them', () => {
    const proxy = runtime();
    const client = fakeSink();
    client.sink.full = true;
    streamDashboardEvents(proxy, client.sink);
    finish(proxy, 'req_1');
    finish(proxy, 'req_2');
    expect(client.events()).toEqual(['snapshot']);
    client.drain();
    expect(client.events()).toEqual(['snapshot', 'snapshot']);
    const latest = client.lastData() as { recent: { requestId: string }[] };
    expect(latest.recent.map((row) => row.requestId)).toEqual(['req_1', 'req_2']);
    client.disconnect();
  });

  it('forgets the client when it goes away: no subscriber, no timer', () => {
    vi.useFakeTimers();
    const proxy = runtime();
    const hub = watchDashboard(proxy);
    const client = fakeSink();
    streamDashboardEvents(proxy, client.sink);
    expect(hub.subscribers.size).toBe(1);
    client.disconnect();
    expect(hub.subscribers.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
