import { backendLabel, postOpenAIChatCompletion } from '../../backends/openai-chat-backend.js';
import { readUpstreamErrorBody } from '../../backends/read-upstream-body.js';
import type { UpstreamResponse } from '../../backends/upstream-client.js';
import {
  adaptToRejectedParameter,
  withoutRejectedParameters,
} from '../../translate/anthropic-to-openai/adapt-to-rejected-parameter.js';
import { mapOpenAIErrorToProxyError } from '../../translate/anthropic-to-openai/map-openai-error.js';
import type { ProxyRuntime } from '../../app/proxy-runtime.js';
import type { RequestScope } from '../../app/request-scope.js';
import type { PreparedOpenAIRequest } from './prepare-openai-request.js';

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
): Promise<UpstreamResponse> {
  const label = backendLabel(prepared.backend);
  const memoryKey = `${prepared.backend.name}|${prepared.context.backendModel}`;
  const remembered = runtime.rejectedParameters.get(memoryKey);
  let request = remembered ? withoutRejectedParameters(prepared.request, remembered) : prepared.request;
  for (let attempt = 0; ; attempt++) {
    const serialized = JSON.stringify(request);
    runtime.logger.debug(() => `${scope.requestId} upstream request: ${serialized}`);
    const upstream = await postOpenAIChatCompletion(prepared.backend, serialized, {
      signal: scope.abort,
      headersTimeoutMs: runtime.config.timeouts.headersMs,
      bodyTimeoutMs: runtime.config.timeouts.bodyIdleMs,
      instanceId: runtime.instanceId,
    });
    scope.markFirstByte();
    if (upstream.statusCode < 400) return upstream;
    const { body, retryAfter } = await readUpstreamErrorBody(upstream, label);
    const rejectable = upstream.statusCode === 400 || upstream.statusCode === 422;
    const adapted = rejectable && attempt < maxAdaptations ? adaptToRejectedParameter(request, body) : undefined;
    if (adapted === undefined) throw mapOpenAIErrorToProxyError(upstream.statusCode, body, { retryAfter }, label);
    runtime.logger.info(
      `${scope.requestId} backend ${label} rejected "${adapted.parameter}" for ${prepared.context.backendModel}: ${adapted.action}, retrying (remembered for later requests).`,
    );
    const known = runtime.rejectedParameters.get(memoryKey);
    if (known) known.add(adapted.parameter);
    else if (runtime.rejectedParameters.size < maxRemembered) runtime.rejectedParameters.set(memoryKey, new Set([adapted.parameter]));
    request = adapted.request;
  }
}
