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

/**
 * One request's scope. A class, not an object literal of closures: one is made per request,
 * and prototype methods cost nothing to create (issue 13).
 */
class Scope implements RequestScope {
  readonly requestId: string;
  readonly startedAt: number;
  readonly abort = new AbortEmitter();
  readonly log: RequestLogRecord;
  accessKey?: AccessKey;
  readonly #runtime: ProxyRuntime;
  #logged = false;
  /** Start times of the upstream calls not ended yet (almost always one at most). */
  #openCalls: number[] = [];

  constructor(runtime: ProxyRuntime, method: string, path: string) {
    this.#runtime = runtime;
    this.requestId = runtime.newId('req_');
    this.startedAt = performance.now();
    this.log = newLogRecord(this.requestId, method, path);
  }

  markFirstByte(): void {
    this.log.ttfbMs ??= performance.now() - this.startedAt;
  }

  startUpstreamCall(): () => void {
    const startedAt = performance.now();
    this.#openCalls.push(startedAt);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#endUpstreamCall(startedAt, performance.now());
    };
  }

  /** Adds the time of a call still open (one the log line already ended is not counted again). */
  #endUpstreamCall(startedAt: number, now: number): void {
    const index = this.#openCalls.indexOf(startedAt);
    if (index < 0) return;
    this.#openCalls.splice(index, 1);
    this.log.upstreamMs = (this.log.upstreamMs ?? 0) + (now - startedAt);
  }

  finishLog(status: number, error?: string): void {
    if (this.#logged) return;
    this.#logged = true;
    const log = this.log;
    log.status = status;
    const now = performance.now();
    log.totalMs = now - this.startedAt;
    while (this.#openCalls.length > 0) this.#endUpstreamCall(this.#openCalls[0]!, now);
    if (error) log.error = error;
    const runtime = this.#runtime;
    const costUsd = estimateRequestCost(log, runtime.config.modelPrices);
    if (costUsd !== undefined) log.costUsd = costUsd;
    runtime.logger.request(log);
    for (const listener of runtime.requestListeners) listener(log);
  }
}

/**
 * A record with the fields almost every request sets already in place (undefined until then, as
 * every reader of a record takes an absent field): set later, each would change the object's
 * shape and grow its property store, per request (issue 13). totalMs starts as a double (NaN
 * until finishLog sets it), so the first real duration does not migrate a small-integer field.
 */
function newLogRecord(requestId: string, method: string, path: string): RequestLogRecord {
  return {
    requestId,
    method,
    path,
    requestedModel: undefined,
    backendModel: undefined,
    backend: undefined,
    stream: undefined,
    status: 0,
    ttfbMs: undefined,
    totalMs: Number.NaN,
    inputTokens: undefined,
    outputTokens: undefined,
    cacheReadTokens: undefined,
    cacheWriteTokens: undefined,
    costUsd: undefined,
    upstreamMs: undefined,
    firstChunkMs: undefined,
  };
}

export function createRequestScope(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, path: string): RequestScope {
  const scope = new Scope(runtime, req.method, path);
  const openScopes = openScopesOf(runtime);
  openScopes.add(scope);
  res.setHeader('request-id', scope.requestId);
  res.setHeader('x-request-id', scope.requestId);
  res.onClose((finished) => {
    openScopes.delete(scope);
    if (!finished) {
      scope.abort.abort();
      scope.finishLog(499, 'client disconnected');
    }
  });
  return scope;
}
