import type { ServerResponse } from 'node:http';
import { toProxyError } from '../../errors/proxy-error.js';
import { openAIStatusFor, renderOpenAIError } from '../../protocols/openai/render-error.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import { writeJson } from '../../app/http-io.js';
import type { RequestScope } from '../../app/request-scope.js';
import type { Logger } from '../../log/logger.js';

/**
 * Sends any error to an OpenAI client: `{"error":{...}}` with the right status (and
 * `retry-after`), or, when a stream has already started, that payload as the last data frame.
 */
export function sendOpenAIError(res: ServerResponse, scope: RequestScope, thrown: unknown, logger: Logger): void {
  const error = toProxyError(thrown);
  if (error.message === 'Internal proxy error.' && error.cause !== undefined) {
    logger.warn(`${scope.requestId} internal error: ${String(error.cause instanceof Error ? error.cause.stack : error.cause)}`);
  }
  const status = openAIStatusFor(error);
  scope.finishLog(status, error.message);
  if (res.destroyed || res.writableEnded) return;
  const envelope = renderOpenAIError(error);
  if (res.headersSent) {
    res.end(encodeSseFrame(undefined, JSON.stringify(envelope)));
    return;
  }
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers['retry-after'] = error.retryAfter;
  // The official OpenAI SDKs obey this over their own status rules, as the Anthropic ones do.
  headers['x-should-retry'] = String(error.retryable);
  writeJson(res, status, envelope, headers);
}
