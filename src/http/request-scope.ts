import type { AccessKey } from '../config/config-types.js';
import type { ProxyError } from '../errors/proxy-error.js';
import type { RequestLogRecord } from '../log/logger.js';
import { estimateRequestCost } from '../log/estimate-request-cost.js';
import type { ProxyRuntime } from './proxy-runtime.js';
import { AbortEmitter } from '../upstream/abort-emitter.js';
import type { ProxyRequest, ResponseSink } from './proxy-request.js';

/**
 * Per-request bookkeeping: the id, timings for the log line, and an abort signal that fires
 * when the client goes away, so the upstream request is cancelled at once.
 */
export interface RequestScope {
  requestId: string;
  startedAt: number;
  abort: AbortEmitter;
  log: RequestLogRecord;
  /** The access key the client presented, when keys are required. */
  accessKey?: AccessKey;
  /** Marks the upstream's first byte (response headers) for the ttfb column. */
  markFirstByte(): void;
  /**
   * Marks the start of an upstream call; the returned function marks its end (the first call
   * counts). The time goes into `log.upstreamMs`; a call still open when the log is written ends there.
   */
  startUpstreamCall(): () => void;
  /** Writes the log line once. */
  finishLog(status: number, error?: string): void;
}

/**
 * The scopes whose response is not closed yet, per runtime (one per server), so a graceful
 * shutdown can wait for them and then end the rest with an error in their own protocol.
 */
const openScopesByRuntime = new WeakMap<ProxyRuntime, Set<RequestScope>>();

function openScopesOf(runtime: ProxyRuntime): Set<RequestScope> {
  let scopes = openScopesByRuntime.get(runtime);
  if (!scopes) {
    scopes = new Set();
    openScopesByRuntime.set(runtime, scopes);
  }
  return scopes;
}

/** How many requests of this runtime still have an open response. */
export function countOpenRequests(runtime: ProxyRuntime): number {
  return openScopesByRuntime.get(runtime)?.size ?? 0;
}

/** How many requests of this runtime are streaming their answer right now (open and `stream: true`). */
export function countOpenStreams(runtime: ProxyRuntime): number {
  let streams = 0;
  for (const scope of openScopesByRuntime.get(runtime) ?? []) if (scope.log.stream === true) streams++;
  return streams;
}

/**
 * Aborts every open request with `reason`. The upstream call rejects (or its body errors) with
 * that ProxyError, so each frontend answers in its own protocol: a JSON error envelope before
 * the headers, the protocol's error frame inside a stream.
 */
export function abortOpenRequests(runtime: ProxyRuntime, reason: ProxyError): void {
  for (const scope of openScopesByRuntime.get(runtime) ?? []) {
    scope.abort.abort(reason);
  }
}

export function createRequestScope(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, path: string): RequestScope {
  const requestId = runtime.newId('req_');
  const startedAt = performance.now();
  const abort = new AbortEmitter();
  let logged = false;
  const openUpstreamCalls = new Set<{ startedAt: number }>();
  const endUpstreamCall = (call: { startedAt: number }, now: number) => {
    if (!openUpstreamCalls.delete(call)) return;
    scope.log.upstreamMs = (scope.log.upstreamMs ?? 0) + (now - call.startedAt);
  };
  const scope: RequestScope = {
    requestId,
    startedAt,
    abort,
    log: { requestId, method: req.method, path, status: 0, totalMs: 0 },
    markFirstByte() {
      scope.log.ttfbMs ??= performance.now() - startedAt;
    },
    startUpstreamCall() {
      const call = { startedAt: performance.now() };
      openUpstreamCalls.add(call);
      return () => endUpstreamCall(call, performance.now());
    },
    finishLog(status, error) {
      if (logged) return;
      logged = true;
      scope.log.status = status;
      const now = performance.now();
      scope.log.totalMs = now - startedAt;
      for (const call of openUpstreamCalls) endUpstreamCall(call, now);
      if (error) scope.log.error = error;
      const costUsd = estimateRequestCost(scope.log, runtime.config.modelPrices);
      if (costUsd !== undefined) scope.log.costUsd = costUsd;
      runtime.logger.request(scope.log);
      for (const listener of runtime.requestListeners) listener(scope.log);
    },
  };
  const openScopes = openScopesOf(runtime);
  openScopes.add(scope);
  res.setHeader('request-id', requestId);
  res.setHeader('x-request-id', requestId);
  res.onClose((finished) => {
    openScopes.delete(scope);
    if (!finished) {
      abort.abort();
      scope.finishLog(499, 'client disconnected');
    }
  });
  return scope;
}
