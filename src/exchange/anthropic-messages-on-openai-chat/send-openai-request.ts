import { postOpenAIChatCompletion } from '../../upstream/openai-chat/openai-chat-backend.js';
import { backendLabel } from '../../upstream/backend-call.js';
import { readUpstreamErrorBody } from '../../upstream/read-upstream-body.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { RequestValidationError } from '../../errors/proxy-error.js';
import {
  adaptToRejectedParameter,
  isVisibleAdaptation,
  refusedParameterOf,
  withoutRejectedParameters,
} from '../../upstream/openai-chat/adapt-to-rejected-parameter.js';
import { mapOpenAIErrorToProxyError } from '../../protocols/openai/map-openai-error.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import type { PreparedOpenAIRequest } from './prepare-openai-request.js';
import { backendCallOptions } from '../backend-call-options.js';
import type { BackendAttempt } from '../backend-attempt.js';

/** How many optional fields one request may shed before the backend's error is final. */
const maxAdaptations = 3;
/** Backend/model pairs remembered at most (model names can come from clients). */
const maxRemembered = 256;

/**
 * Sends the translated request. When the backend rejects an optional field by name (a server
 * without `stream_options`, a model that wants `max_completion_tokens`), the same request goes
 * again without it, and the backend/model pair remembers it for later requests. Any other error
 * status becomes a ProxyError in the usual way; a 2xx response is returned for relaying.
 */
export async function sendOpenAIRequest(
  runtime: ProxyRuntime,
  prepared: PreparedOpenAIRequest,
  scope: RequestScope,
  backendAttempt: BackendAttempt,
): Promise<UpstreamResponse> {
  const label = backendLabel(prepared.backend);
  // Almost always empty: then no lookup (and no key string) per request.
  const remembered = runtime.rejectedParameters.size === 0 ? undefined : runtime.rejectedParameters.get(rememberedKey(prepared));
  let request = remembered ? withoutRejectedParameters(prepared.request, remembered) : prepared.request;
  if (remembered) noteAdaptations(prepared, request, scope);
  for (let attempt = 0; ; attempt++) {
    const serialized = JSON.stringify(request);
    runtime.logger.debug(() => `${scope.requestId} upstream request: ${serialized}`);
    const upstream = await postOpenAIChatCompletion(prepared.backend, serialized, backendCallOptions(runtime, scope, prepared.backend, backendAttempt));
    scope.markFirstByte();
    if (upstream.statusCode < 400) return upstream;
    const { body, retryAfter } = await readUpstreamErrorBody(upstream, label);
    const rejectable = upstream.statusCode === 400 || upstream.statusCode === 422;
    const refused = rejectable ? refusedParameterOf(request, body) : undefined;
    if (refused !== undefined) {
      throw new RequestValidationError(
        `Backend ${label} does not accept \`${refused}\` for ${prepared.context.backendModel}. The proxy does not drop it, because it changes what the model may do; ` +
          'remove it from the request, or route this model to a backend that takes it.',
        { param: refused },
      );
    }
    const adapted = rejectable && attempt < maxAdaptations ? adaptToRejectedParameter(request, body) : undefined;
    if (adapted === undefined) throw mapOpenAIErrorToProxyError(upstream.statusCode, body, { retryAfter }, label);
    runtime.logger.info(
      `${scope.requestId} backend ${label} rejected "${adapted.parameter}" for ${prepared.context.backendModel}: ${adapted.action}, retrying (remembered for later requests).`,
    );
    const memoryKey = rememberedKey(prepared);
    const known = runtime.rejectedParameters.get(memoryKey);
    if (known) known.add(adapted.parameter);
    else if (runtime.rejectedParameters.size < maxRemembered) runtime.rejectedParameters.set(memoryKey, new Set([adapted.parameter]));
    request = adapted.request;
    noteAdaptations(prepared, request, scope);
  }
}

/** The backend/model pair under which refused fields are remembered. */
function rememberedKey(prepared: PreparedOpenAIRequest): string {
  return `${prepared.backend.name}|${prepared.context.backendModel}`;
}

/**
 * Names in the request's log line every field left out that changes how the backend answers,
 * and hands `stop` sequences the backend refused to the proxy's own enforcement.
 */
function noteAdaptations(prepared: PreparedOpenAIRequest, request: PreparedOpenAIRequest['request'], scope: RequestScope): void {
  const left = Object.keys(prepared.request).filter((field) => !(field in request) && isVisibleAdaptation(field));
  if (left.length > 0) scope.log.adapted = left;
  if ('stop' in prepared.request && !('stop' in request)) {
    prepared.context = { ...prepared.context, capabilities: { ...prepared.context.capabilities, maxStopSequences: 0 } };
  }
}
