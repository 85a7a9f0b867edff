/**
 * OpenAI clients on Claude: Chat Completions requests translated to the Anthropic Messages API
 * (translate/openai-chat-on-anthropic), answers and streams translated back.
 */
import { backendLabel } from '../../upstream/backend-call.js';
import { postAnthropicMessages } from '../../upstream/anthropic/anthropic-messages-backend.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { readUpstreamErrorBody, readUpstreamJsonObject } from '../../upstream/read-upstream-body.js';
import { capabilityOverridesFor } from '../../config/parse-config.js';
import { UpstreamProtocolError, type ProxyError } from '../../errors/proxy-error.js';
import { resolveClaudeModelCapabilities } from '../../models/claude-model-capabilities.js';
import type { AnthropicMessage } from '../../protocols/anthropic/types.js';
import { assertClaudeCanServe } from '../../protocols/openai/validate-request.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import { convertOpenAIRequestToAnthropic, JSON_OUTPUT_TOOL } from '../../translate/openai-chat-on-anthropic/convert-request.js';
import { convertAnthropicResponseToOpenAI } from '../../translate/openai-chat-on-anthropic/convert-response.js';
import { mapAnthropicErrorToProxyError } from '../../protocols/anthropic/map-anthropic-error.js';
import { createAnthropicToOpenAIStreamTranslator } from '../../translate/openai-chat-on-anthropic/stream-translator.js';
import type { TranslationContext } from '../../translate/types.js';
import { writeJson } from '../../http/http-io.js';
import { logInternalError } from '../../http/send-error.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { backendCallOptions } from '../backend-call-options.js';
import type { ExchangeCall } from '../exchange-call.js';
import type { OpenAIChatExchange } from '../exchange-registry.js';
import { relayAnthropicStreamToOpenAI } from './relay-anthropic-stream.js';

export const openAIChatOnAnthropic: OpenAIChatExchange = { chatCompletions: serveOnClaude };

async function serveOnClaude({ runtime, request, route, res, scope, attempt }: ExchangeCall<OpenAIChatRequest>): Promise<void> {
  assertBackendIsNotThisProxy(runtime.loopBackends, route.backend);
  const model = route.model ?? (await runtime.discoverModel(route.backend));
  const backend = route.backend;
  scope.log.backendModel = model;
  scope.log.backend = backend.name;
  assertClaudeCanServe(request);
  const context: TranslationContext = {
    requestedModel: request.model,
    backendModel: model,
    backendId: `${backend.kind}:${backend.baseUrl}`,
    backendUrl: backend.baseUrl,
    capabilities: resolveClaudeModelCapabilities(model, capabilityOverridesFor(runtime.config, model, backend.name)),
    newId: runtime.newId,
    now: () => Math.floor(Date.now() / 1000),
  };
  const translated = convertOpenAIRequestToAnthropic(request, context);
  const toolChoice = translated.value.tool_choice;
  // JSON mode through a forced tool: that tool's input is the answer the client gets as content.
  const jsonOutputTool = toolChoice?.type === 'tool' && toolChoice.name === JSON_OUTPUT_TOOL ? JSON_OUTPUT_TOOL : undefined;
  runtime.logger.warnings(scope.log, translated.warnings);
  const serialized = JSON.stringify(translated.value);
  runtime.logger.debug(() => `${scope.requestId} upstream request: ${serialized}`);
  const label = backendLabel(backend);
  const upstream = await postAnthropicMessages(backend, serialized, backendCallOptions(runtime, scope, backend, attempt));
  scope.markFirstByte();
  if (upstream.statusCode >= 400) throw await readAnthropicError(upstream, label);
  if (request.stream === true) {
    const translator = createAnthropicToOpenAIStreamTranslator(context, {
      includeUsage: request.stream_options?.include_usage === true,
      backendLabel: label,
      jsonOutputTool,
      toolNames: translated.toolNames.toClient,
    });
    const outcome = await relayAnthropicStreamToOpenAI(upstream, res, translator, {
      pingIntervalMs: runtime.config.pingIntervalMs,
      backendLabel: label,
      onInternalError: (thrown) => logInternalError(runtime.logger, scope.requestId, thrown),
    });
    runtime.logger.warnings(scope.log, translator.warnings);
    // Failed before the first chunk: a real HTTP error (429 with retry-after, 503, ...).
    if (outcome.unsentError !== undefined) throw outcome.unsentError;
    scope.finishLog(translator.failure ? 502 : 200, translator.failure?.message);
    return;
  }
  const message = await readAnthropicMessage(upstream, label);
  const completion = convertAnthropicResponseToOpenAI(message, context, { jsonOutputTool, toolNames: translated.toolNames.toClient });
  runtime.logger.warnings(scope.log, completion.warnings);
  scope.log.inputTokens = completion.value.usage?.prompt_tokens;
  scope.log.outputTokens = completion.value.usage?.completion_tokens;
  // For the estimated cost: cache reads and writes have their own prices.
  scope.log.cacheReadTokens = message.usage?.cache_read_input_tokens ?? undefined;
  scope.log.cacheWriteTokens = message.usage?.cache_creation_input_tokens ?? undefined;
  writeJson(res, 200, completion.value);
  scope.finishLog(200);
}

async function readAnthropicMessage(upstream: UpstreamResponse, label: string): Promise<AnthropicMessage> {
  const parsed = await readUpstreamJsonObject(upstream, label);
  if (parsed['type'] === 'error') throw mapAnthropicErrorToProxyError(502, parsed, {}, label);
  if (!Array.isArray(parsed['content'])) throw new UpstreamProtocolError(`Backend ${label} answered with JSON that is not a message.`);
  return parsed as unknown as AnthropicMessage;
}

async function readAnthropicError(upstream: UpstreamResponse, label: string): Promise<ProxyError> {
  const { body, retryAfter } = await readUpstreamErrorBody(upstream, label);
  return mapAnthropicErrorToProxyError(upstream.statusCode, body, { retryAfter }, label);
}
