/**
 * Claude Code on real Claude: Anthropic Messages requests passed through to an Anthropic backend
 * (`OPUS_MODEL=anthropic,claude-opus-4-5`). The body goes as the client sent it, the model
 * rewritten only when the route names another one; the client's headers go along (its betas,
 * `anthropic-version`, Claude Code's session headers) except its credentials, which the
 * backend's key replaces, and hop-by-hop headers. The answer (JSON, stream or error) is piped
 * back as it arrives (its token usage read from the bytes on the way); an error body is redacted first.
 */
import { secretsOf } from '../../config/parse-config.js';
import { pipeUpstreamResponse } from '../../http/pipe-upstream-response.js';
import type { AnthropicCountTokensRequest, AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import { forwardAnthropicRequest } from '../../upstream/anthropic/anthropic-messages-backend.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { backendLabel } from '../../upstream/backend-call.js';
import { backendCallOptions } from '../backend-call-options.js';
import { upstreamErrorToHandBack } from '../hand-back-upstream-error.js';
import { mapAnthropicErrorToProxyError } from '../../protocols/anthropic/map-anthropic-error.js';
import type { ExchangeCall } from '../exchange-call.js';
import { scanPassthroughUsage } from '../scan-passthrough-usage.js';
import type { AnthropicMessagesExchange } from '../exchange-registry.js';

export const anthropicMessagesOnAnthropic: AnthropicMessagesExchange = {
  messages: (call) => passThrough(call, '/v1/messages'),
  countTokens: (call) => passThrough(call, '/v1/messages/count_tokens'),
};

/** Client headers that are not passed on: the connection's own, the body's framing, credentials. */
const withheldHeaders = new Set([
  'host', 'connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'content-length', 'accept-encoding', 'authorization', 'x-api-key', 'cookie',
]);

/** Anthropic response headers a client reads: rate limits, retry advice, the content type. */
const forwardedHeaders = ['content-type', 'retry-after', 'x-should-retry', 'anthropic-ratelimit-*'];

async function passThrough(
  { runtime, scope, req, res, request, rawBody, route, attempt }: ExchangeCall<AnthropicMessagesRequest | AnthropicCountTokensRequest>,
  path: string,
): Promise<void> {
  const backend = route.backend;
  assertBackendIsNotThisProxy(runtime.loopBackends, backend);
  const model = route.model ?? request.model;
  scope.log.backendModel = model;
  scope.log.backend = backend.name;
  // The body as it came (nulls and all) unless the model changes.
  const body = model === request.model ? rawBody : JSON.stringify({ ...(JSON.parse(new TextDecoder().decode(rawBody)) as object), model });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (withheldHeaders.has(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const queryStart = req.url.indexOf('?');
  const query = queryStart >= 0 ? req.url.slice(queryStart) : '';
  runtime.logger.debug(() => `${scope.requestId} passthrough to ${backend.baseUrl}${path}${query}`);
  const upstream = await forwardAnthropicRequest(backend, `${path}${query}`, headers, body, backendCallOptions(runtime, scope, backend, attempt));
  scope.markFirstByte();
  const label = backendLabel(backend);
  // Another try follows (a retry, another key, the next candidate): such an error goes back to the plan, not to the client.
  if (upstream.statusCode >= 400 && attempt.followsUp(upstream.statusCode)) throw await upstreamErrorToHandBack(upstream, label, mapAnthropicErrorToProxyError);
  // count_tokens answers carry no usage: only messages are scanned.
  const usage = path === '/v1/messages' && upstream.statusCode < 400 ? scanPassthroughUsage('anthropic') : undefined;
  await pipeUpstreamResponse(upstream, res, { secrets: secretsOf(runtime.config), label, forwardedHeaders, ...(usage && { onChunk: usage.push }) });
  usage?.writeTo(scope.log);
  scope.finishLog(upstream.statusCode);
}
