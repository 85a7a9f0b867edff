import type { ProxyRequest, ResponseSink } from '../../http/proxy-request.js';
import { exchangeFor } from '../../exchange/exchange-registry.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { validateResponsesRequest } from '../../protocols/openai-responses/validate-request.js';
import { summarizeResponsesRequest } from '../../routing/summarize-request.js';
import { serveClientRequest } from '../serve-client-request.js';
import { sendResponsesError } from './send-responses-error.js';

/**
 * POST /v1/responses (Codex CLI, the openai SDK's `responses`), served by the exchange of the
 * route's backend kind: translated for Claude, and through Anthropic Messages for Chat backends.
 */
export function handleOpenAIResponses(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, scope: RequestScope): Promise<void> {
  return serveClientRequest(runtime, req, res, scope, {
    clientApi: 'openai-responses',
    summarize: (request, bodyBytes) => summarizeResponsesRequest(request, bodyBytes),
    validate: validateResponsesRequest,
    serve: (call) => exchangeFor('openai-responses', call.route.backend.kind).responses(call),
    sendError: sendResponsesError,
  });
}

/**
 * POST /v1/responses/compact: the conversation in, the user's messages and one compaction item
 * (a handoff summary the route's backend writes) out, as OpenAI's `response.compaction` object.
 */
export function handleOpenAIResponsesCompact(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, scope: RequestScope): Promise<void> {
  return serveClientRequest<ResponsesRequest>(runtime, req, res, scope, {
    clientApi: 'openai-responses',
    summarize: (request, bodyBytes) => summarizeResponsesRequest(request, bodyBytes),
    validate: (body): ResponsesRequest => ({ ...validateResponsesRequest(body), stream: false }),
    serve: (call) => exchangeFor('openai-responses', call.route.backend.kind).compact(call),
    sendError: sendResponsesError,
  });
}
