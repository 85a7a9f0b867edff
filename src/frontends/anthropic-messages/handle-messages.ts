import type { ProxyRequest, ResponseSink } from '../../http/proxy-request.js';
import { exchangeFor } from '../../exchange/exchange-registry.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import { validateAnthropicMessagesRequest } from '../../protocols/anthropic/validate-request.js';
import { summarizeAnthropicRequest } from '../../routing/summarize-request.js';
import { serveClientRequest } from '../serve-client-request.js';
import { sendAnthropicError } from './send-anthropic-error.js';

/**
 * POST /v1/messages, served by the exchange of the route's backend kind: translated for an
 * OpenAI-compatible backend, passed through to Claude.
 */
export function handleAnthropicMessages(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, scope: RequestScope): Promise<void> {
  return serveClientRequest(runtime, req, res, scope, {
    clientApi: 'anthropic-messages',
    summarize: (request, bodyBytes) => summarizeAnthropicRequest(request, bodyBytes),
    validate: validateAnthropicMessagesRequest,
    serve: (call) => exchangeFor('anthropic-messages', call.route.backend.kind).messages(call),
    sendError: sendAnthropicError,
  });
}
