import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogRecord } from '../log/logger.js';
import type { ProxyRuntime } from './proxy-runtime.js';

/**
 * Per-request bookkeeping: the id, timings for the log line, and an AbortController that fires
 * when the client goes away, so the upstream request is cancelled at once.
 */
export interface RequestScope {
  requestId: string;
  startedAt: number;
  abort: AbortController;
  log: RequestLogRecord;
  /** Marks the upstream's first byte (response headers) for the ttfb column. */
  markFirstByte(): void;
  /** Writes the log line once. */
  finishLog(status: number, error?: string): void;
}

export function createRequestScope(runtime: ProxyRuntime, req: IncomingMessage, res: ServerResponse, path: string): RequestScope {
  const requestId = runtime.newId('req_');
  const startedAt = performance.now();
  const abort = new AbortController();
  let logged = false;
  const scope: RequestScope = {
    requestId,
    startedAt,
    abort,
    log: { requestId, method: req.method ?? 'GET', path, status: 0, totalMs: 0 },
    markFirstByte() {
      scope.log.ttfbMs ??= performance.now() - startedAt;
    },
    finishLog(status, error) {
      if (logged) return;
      logged = true;
      scope.log.status = status;
      scope.log.totalMs = performance.now() - startedAt;
      if (error) scope.log.error = error;
      runtime.logger.request(scope.log);
    },
  };
  res.setHeader('request-id', requestId);
  res.setHeader('x-request-id', requestId);
  res.on('close', () => {
    if (!res.writableFinished) {
      abort.abort();
      scope.finishLog(499, 'client disconnected');
    }
  });
  return scope;
}
