import type { ProxyRequest, ResponseSink } from '../../http/proxy-request.js';
import { exchangeFor } from '../../exchange/exchange-registry.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import { validateAnthropicCountTokensRequest } from '../../protocols/anthropic/validate-request.js';
import { summarizeAnthropicRequest } from '../../routing/summarize-request.js';
import { serveClientRequest } from '../serve-client-request.js';
import { sendAnthropicError } from './send-anthropic-error.js';

/**
 * POST /v1/messages/count_tokens: for an OpenAI-compatible backend an estimate of the request as
 * that backend would receive it, tokenized with o200k whatever the backend model (approximate for
 * models that tokenize otherwise), never a backend call; for Claude, Anthropic's own count.
 */
export function handleAnthropicCountTokens(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, scope: RequestScope): Promise<void> {
  return serveClientRequest(runtime, req, res, scope, {
    clientApi: 'anthropic-messages',
    summarize: (request, bodyBytes) => summarizeAnthropicRequest(request, bodyBytes),
    validate: validateAnthropicCountTokensRequest,
    serve: (call) => exchangeFor('anthropic-messages', call.route.backend.kind).countTokens(call),
    sendError: sendAnthropicError,
  });
}
