/**
 * Responses clients on a backend that speaks the Responses API itself (`responsesApi`: OpenAI):
 * a passthrough, like the Chat one. The body goes as it came (only the model is rewritten when
 * the route changes it) to `/responses` or `/responses/compact`, and the answer's status, useful
 * headers and bytes are piped back, the token usage read from them on the way.
 */
import { secretsOf } from '../../config/parse-config.js';
import { pipeUpstreamResponse } from '../../http/pipe-upstream-response.js';
import { mapOpenAIErrorToProxyError } from '../../protocols/openai/map-openai-error.js';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { backendLabel } from '../../upstream/backend-call.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { postOpenAIResponses } from '../../upstream/openai-chat/openai-chat-backend.js';
import { backendCallOptions } from '../backend-call-options.js';
import type { ExchangeCall } from '../exchange-call.js';
import { upstreamErrorToHandBack } from '../hand-back-upstream-error.js';
import { scanPassthroughUsage } from '../scan-passthrough-usage.js';

/** Response headers worth passing from an OpenAI backend to a Responses client. */
const forwardedHeaders = ['content-type', 'retry-after', 'x-request-id', 'openai-processing-ms'];

export async function passResponsesThrough({ runtime, scope, res, request, rawBody, route, attempt }: ExchangeCall<ResponsesRequest>, endpoint: 'responses' | 'compact'): Promise<void> {
  assertBackendIsNotThisProxy(runtime.loopBackends, route.backend);
  const model = route.model ?? (await runtime.discoverModel(route.backend));
  scope.log.backendModel = model;
  scope.log.backend = route.backend.name;
  // No re-serialization unless the model name changes (the compact endpoint's body is the client's too).
  const body = model === request.model ? rawBody : JSON.stringify({ ...JSON.parse(new TextDecoder().decode(rawBody)), model });
  const path = endpoint === 'compact' ? '/responses/compact' : '/responses';
  const upstream = await postOpenAIResponses(route.backend, body, backendCallOptions(runtime, scope, route.backend, attempt), path);
  scope.markFirstByte();
  const label = backendLabel(route.backend);
  // Another try follows (a retry, another key, the next candidate): such an error goes back to the plan, not to the client.
  if (upstream.statusCode >= 400 && attempt.followsUp(upstream.statusCode)) throw await upstreamErrorToHandBack(upstream, label, mapOpenAIErrorToProxyError);
  const usage = upstream.statusCode < 400 ? scanPassthroughUsage('openai-responses') : undefined;
  await pipeUpstreamResponse(upstream, res, { secrets: secretsOf(runtime.config), label, forwardedHeaders, ...(usage && { onChunk: usage.push }) });
  usage?.writeTo(scope.log);
  scope.finishLog(upstream.statusCode);
}
