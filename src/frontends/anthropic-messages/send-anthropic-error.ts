import type { ResponseSink } from '../../http/proxy-request.js';
import { encodeAnthropicEvent } from '../../protocols/anthropic/encode-event.js';
import { anthropicStatusFor, renderAnthropicError } from '../../protocols/anthropic/render-error.js';
import type { AnthropicErrorEnvelope } from '../../protocols/anthropic/types.js';
import { sendError, type ErrorProtocol } from '../../http/send-error.js';
import type { RequestScope } from '../../http/request-scope.js';
import type { Logger } from '../../log/logger.js';

const anthropicErrors: ErrorProtocol = {
  status: anthropicStatusFor,
  envelope: renderAnthropicError,
  streamFrame: (envelope) => encodeAnthropicEvent({ type: 'error', error: (envelope as AnthropicErrorEnvelope).error }),
};

/** Any error to an Anthropic client: its envelope, or an `event: error` frame inside a stream. */
export function sendAnthropicError(res: ResponseSink, scope: RequestScope, thrown: unknown, logger: Logger): void {
  sendError(res, scope, thrown, logger, anthropicErrors);
}
