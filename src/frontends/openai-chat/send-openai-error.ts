import type { ResponseSink } from '../../http/proxy-request.js';
import { openAIStatusFor, renderOpenAIError } from '../../protocols/openai/render-error.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import { sendError, type ErrorProtocol } from '../../http/send-error.js';
import type { RequestScope } from '../../http/request-scope.js';
import type { Logger } from '../../log/logger.js';

const openAIErrors: ErrorProtocol = {
  status: openAIStatusFor,
  envelope: (error) => renderOpenAIError(error),
  streamFrame: (envelope) => encodeSseFrame(undefined, JSON.stringify(envelope)),
};

/** Any error to an OpenAI client: `{"error":{...}}`, or that payload as the last frame of a stream. */
export function sendOpenAIError(res: ResponseSink, scope: RequestScope, thrown: unknown, logger: Logger): void {
  sendError(res, scope, thrown, logger, openAIErrors);
}
