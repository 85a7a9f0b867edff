/**
 * OpenAI clients on an OpenAI-compatible backend: a passthrough. The body goes as it came (only
 * the model is rewritten when the route changes it), the answer's status, useful headers and
 * bytes are piped back (the token usage read from them on the way: a stream has one only when
 * the client asked for `stream_options.include_usage`); an error body is redacted first.
 */
import { secretsOf } from '../../config/parse-config.js';
import { pipeUpstreamResponse } from '../../http/pipe-upstream-response.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { postOpenAIChatCompletion } from '../../upstream/openai-chat/openai-chat-backend.js';
import { backendLabel } from '../../upstream/backend-call.js';
import type { ExchangeCall } from '../exchange-call.js';
import type { OpenAIChatExchange } from '../exchange-registry.js';
import { backendCallOptions } from '../backend-call-options.js';
import { scanPassthroughUsage } from '../scan-passthrough-usage.js';
import { upstreamErrorToHandBack } from '../hand-back-upstream-error.js';
import { mapOpenAIErrorToProxyError } from '../../protocols/openai/map-openai-error.js';

export const openAIChatOnOpenAIChat: OpenAIChatExchange = { chatCompletions: passThrough };

/** Response headers worth passing from an OpenAI backend to an OpenAI client. */
const forwardedHeaders = ['content-type', 'retry-after', 'x-request-id', 'openai-processing-ms'];

async function passThrough({ runtime, scope, res, request, rawBody, route, attempt }: ExchangeCall<OpenAIChatRequest>): Promise<void> {
  assertBackendIsNotThisProxy(runtime.loopBackends, route.backend);
  const model = route.model ?? (await runtime.discoverModel(route.backend));
  scope.log.backendModel = model;
  scope.log.backend = route.backend.name;
  // No re-serialization unless the model name changes.
  const body = model === request.model ? rawBody : JSON.stringify({ ...request, model });
  const upstream = await postOpenAIChatCompletion(route.backend, body, backendCallOptions(runtime, scope, route.backend, attempt));
  scope.markFirstByte();
  const label = backendLabel(route.backend);
  // Another try follows (a retry, another key, the next candidate): such an error goes back to the plan, not to the client.
  if (upstream.statusCode >= 400 && attempt.followsUp(upstream.statusCode)) throw await upstreamErrorToHandBack(upstream, label, mapOpenAIErrorToProxyError);
  const usage = upstream.statusCode < 400 ? scanPassthroughUsage('openai') : undefined;
  await pipeUpstreamResponse(upstream, res, { secrets: secretsOf(runtime.config), label, forwardedHeaders, ...(usage && { onChunk: usage.push }) });
  usage?.writeTo(scope.log);
  scope.finishLog(upstream.statusCode);
}
