import type { ServerResponse } from 'node:http';
import { toProxyError } from '../../errors/proxy-error.js';
import { encodeAnthropicEvent } from '../../protocols/anthropic/encode-event.js';
import { anthropicStatusFor, renderAnthropicError } from '../../protocols/anthropic/render-error.js';
import { writeJson } from '../../app/http-io.js';
import type { RequestScope } from '../../app/request-scope.js';
import type { Logger } from '../../log/logger.js';

/**
 * Sends any error to an Anthropic client: a JSON envelope with the right status (and
 * `retry-after`), or, when a stream has already started, an `event: error` frame that ends it.
 */
export function sendAnthropicError(res: ServerResponse, scope: RequestScope, thrown: unknown, logger: Logger): void {
  const error = toProxyError(thrown);
  if (error.status >= 500 && error.cause !== undefined && error.message === 'Internal proxy error.') {
    logger.warn(`${scope.requestId} internal error: ${String(error.cause instanceof Error ? error.cause.stack : error.cause)}`);
  }
  const status = anthropicStatusFor(error);
  scope.finishLog(status, error.message);
  if (res.destroyed || res.writableEnded) return;
  const envelope = renderAnthropicError(error, scope.requestId);
  if (res.headersSent) {
    res.end(encodeAnthropicEvent({ type: 'error', error: envelope.error }));
    return;
  }
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers['retry-after'] = error.retryAfter;
  // The Anthropic SDKs (Claude Code) obey this over their own status rules: no retries of a
  // loop (508) or a request the backend will refuse again.
  headers['x-should-retry'] = String(error.retryable);
  writeJson(res, status, envelope, headers);
}
