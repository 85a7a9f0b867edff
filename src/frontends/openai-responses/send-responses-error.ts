import type { ResponseSink } from '../../http/proxy-request.js';
import type { RequestScope } from '../../http/request-scope.js';
import { sendError, type ErrorProtocol } from '../../http/send-error.js';
import type { Logger } from '../../log/logger.js';
import { openAIStatusFor, renderOpenAIError } from '../../protocols/openai/render-error.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';

/**
 * Before the first byte: OpenAI's `{"error":{...}}` with its status. Inside a stream (a failure
 * the stream translator did not see): a `response.failed` event, the one ending Codex reads.
 */
const responsesErrors: ErrorProtocol = {
  status: openAIStatusFor,
  envelope: (error) => renderOpenAIError(error),
  streamFrame: (envelope) => {
    const error = (envelope as { error?: { code?: unknown; message?: unknown } }).error ?? {};
    const failed = {
      type: 'response.failed',
      response: { id: 'resp_failed', object: 'response', status: 'failed', output: [], error: { code: typeof error.code === 'string' ? error.code : 'server_error', message: String(error.message ?? 'The request failed.') } },
    };
    return encodeSseFrame('response.failed', JSON.stringify(failed));
  },
};

export function sendResponsesError(res: ResponseSink, scope: RequestScope, thrown: unknown, logger: Logger): void {
  sendError(res, scope, thrown, logger, responsesErrors);
}
