import { translationContextFor } from '../translation-context.js';
import type { BackendConfig } from '../../config/config-types.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { AnthropicCountTokensRequest, AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import type { Route } from '../../routing/resolve-route.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { convertAnthropicRequestToOpenAI } from '../../translate/anthropic-on-openai-chat/convert-request.js';
import type { TranslationContext } from '../../translate/types.js';
import type { WebSearchRequested } from '../../translate/anthropic-on-openai-chat/converted-request-types.js';
import type { RequestScope } from '../../http/request-scope.js';

export interface PreparedOpenAIRequest {
  backend: BackendConfig;
  context: TranslationContext;
  request: OpenAIChatRequest;
  /** Backend tool name -> the client's, for tool names the backend could not take. */
  toolNames: ReadonlyMap<string, string>;
  /** Set when the backend was asked to search (its citations become web search blocks). */
  webSearch?: WebSearchRequested;
}

/**
 * Capabilities and translation of one Anthropic request for one route; logs what was lost.
 * Synchronous when the route names its model (the usual case: no promise, no microtask); a
 * route without one waits for the backend's first model from `/models`.
 */
export function prepareOpenAIRequest(
  runtime: ProxyRuntime,
  anthropicRequest: AnthropicMessagesRequest | AnthropicCountTokensRequest,
  scope: RequestScope,
  route: Route,
): PreparedOpenAIRequest | Promise<PreparedOpenAIRequest> {
  assertBackendIsNotThisProxy(runtime.loopBackends, route.backend);
  if (route.model !== undefined) return prepareForModel(runtime, anthropicRequest, scope, route, route.model);
  return runtime.discoverModel(route.backend).then((backendModel) => prepareForModel(runtime, anthropicRequest, scope, route, backendModel));
}

function prepareForModel(
  runtime: ProxyRuntime,
  anthropicRequest: AnthropicMessagesRequest | AnthropicCountTokensRequest,
  scope: RequestScope,
  route: Route,
  backendModel: string,
): PreparedOpenAIRequest {
  const context = translationContextFor(runtime, route.backend, backendModel, anthropicRequest.model);
  scope.log.requestedModel = anthropicRequest.model;
  scope.log.backendModel = backendModel;
  scope.log.backend = route.backend.name;
  const translated = convertAnthropicRequestToOpenAI(
    { max_tokens: context.capabilities.maxOutputTokens, ...anthropicRequest } as AnthropicMessagesRequest,
    context,
  );
  const { logger } = runtime;
  logger.debug(() => `${scope.requestId} route: ${anthropicRequest.model} -> ${backendModel} @${route.backend.name} (${route.reason})`);
  logger.warnings(scope.log, translated.warnings);
  const prepared: PreparedOpenAIRequest = { backend: route.backend, context, request: translated.value, toolNames: translated.toolNames.toClient };
  if (translated.webSearch !== undefined) prepared.webSearch = translated.webSearch;
  return prepared;
}
