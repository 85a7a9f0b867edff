import { ProxyError, toProxyError } from '../errors/proxy-error.js';
import type { Logger } from '../log/logger.js';
import { writeJson } from './http-io.js';
import type { RequestScope } from './request-scope.js';
import type { ResponseSink } from './proxy-request.js';

/** How one client protocol shows an error: its status rules, its envelope, its in-stream frame. */
export interface ErrorProtocol {
  status(error: ProxyError): number;
  envelope(error: ProxyError, requestId: string): unknown;
  /** The frame that ends an already started stream with `envelope`. */
  streamFrame(envelope: unknown): string;
}

/**
 * Sends any error in the client's protocol: a JSON envelope with the right status, `retry-after`
 * and `x-should-retry` (the official Anthropic and OpenAI SDKs obey it over their own status
 * rules: no retries of a loop or of a request the backend will refuse again), or, when a stream
 * has already started, the protocol's error frame that ends it. Never a stack trace; errors that
 * are not ProxyErrors are logged with theirs.
 */
export function sendError(res: ResponseSink, scope: RequestScope, thrown: unknown, logger: Logger, protocol: ErrorProtocol): void {
  if (!(thrown instanceof ProxyError)) logInternalError(logger, scope.requestId, thrown);
  const error = toProxyError(thrown);
  const status = protocol.status(error);
  scope.log.errorKind = error.kind;
  scope.finishLog(status, error.message);
  if (res.closed) return;
  const envelope = protocol.envelope(error, scope.requestId);
  if (res.headersSent) {
    res.end(protocol.streamFrame(envelope));
    return;
  }
  const headers: Record<string, string> = { 'x-should-retry': String(error.retryable) };
  if (error.retryAfter) headers['retry-after'] = error.retryAfter;
  writeJson(res, status, envelope, headers);
}

/** A bug (anything thrown that is not a ProxyError): its stack goes to the log, never to the client. */
export function logInternalError(logger: Logger, requestId: string, thrown: unknown): void {
  logger.warn(`${requestId} internal error: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
}
