import type { ProxyRequest, ResponseSink } from '../../http/proxy-request.js';
import { exchangeFor } from '../../exchange/exchange-registry.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import { validateOpenAIChatRequest } from '../../protocols/openai/validate-request.js';
import { summarizeOpenAIChatRequest } from '../../routing/summarize-request.js';
import { serveClientRequest } from '../serve-client-request.js';
import { sendOpenAIError } from './send-openai-error.js';

/**
 * POST /v1/chat/completions, served by the exchange of the route's backend kind: translated for
 * Claude, passed through to an OpenAI-compatible backend.
 */
export function handleOpenAIChatCompletions(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, scope: RequestScope): Promise<void> {
  return serveClientRequest(runtime, req, res, scope, {
    clientApi: 'openai-chat',
    summarize: (request, bodyBytes) => summarizeOpenAIChatRequest(request, bodyBytes),
    validate: validateOpenAIChatRequest,
    serve: (call) => exchangeFor('openai-chat', call.route.backend.kind).chatCompletions(call),
    sendError: sendOpenAIError,
  });
}
