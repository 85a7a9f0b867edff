/**
 * Codex and Responses-API clients on Claude: the request translated to Anthropic Messages
 * (translate/openai-responses-on-anthropic), the answer and its stream translated back.
 */
import { translationContextFor } from '../translation-context.js';
import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { writeJson } from '../../http/http-io.js';
import { logInternalError } from '../../http/send-error.js';
import type { AnthropicMessagesRequest, AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { decodeReasoningSignature } from '../../translate/reasoning-signature.js';
import { convertResponsesRequestToAnthropic } from '../../translate/openai-responses-on-anthropic/convert-request.js';
import { convertAnthropicMessageToResponse } from '../../translate/openai-responses-on-anthropic/convert-response.js';
import { createAnthropicToResponsesStreamTranslator } from '../../translate/openai-responses-on-anthropic/stream-translator.js';
import { echoOfResponsesRequest } from '../../translate/openai-responses-on-anthropic/echo-request.js';
import type { TranslationWarning } from '../../translate/types.js';
import { postAnthropicMessages } from '../../upstream/anthropic/anthropic-messages-backend.js';
import { readAnthropicError, readAnthropicMessage } from '../../upstream/anthropic/read-anthropic-answer.js';
import { backendLabel } from '../../upstream/backend-call.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { backendCallOptions } from '../backend-call-options.js';
import type { ExchangeCall } from '../exchange-call.js';
import type { OpenAIResponsesExchange } from '../exchange-registry.js';
import { relayToResponses } from './relay-responses-stream.js';
import { readAnthropicDeltaEvent } from '../../protocols/anthropic/read-delta-event.js';
import { serveCompaction } from './serve-compaction.js';
import { asksForCompaction } from '../../translate/openai-responses-on-anthropic/compaction.js';

export const openAIResponsesOnAnthropic: OpenAIResponsesExchange = {
  responses: (call) => (asksForCompaction(call.request) ? serveCompaction(call, answerWhole, 'responses') : serveOnClaude(call)),
  compact: (call) => serveCompaction(call, answerWhole, 'compact-endpoint'),
};

/**
 * Claude takes back only its own signed thinking: reasoning another backend produced (the
 * proxy's `cpx1.` carrier) or without a signature is left out, with a warning.
 */
function withClaudeThinkingOnly(request: AnthropicMessagesRequest, warnings: TranslationWarning[]): AnthropicMessagesRequest {
  let dropped = 0;
  const messages = request.messages.map((message) => {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) return message;
    const content = message.content.filter((block) => {
      if (block.type !== 'thinking') return true;
      const signature = (block as { signature?: string }).signature ?? '';
      const keep = signature !== '' && decodeReasoningSignature(signature) === undefined;
      if (!keep) dropped++;
      return keep;
    });
    return { ...message, content };
  });
  if (dropped > 0) warnings.push({ code: 'dropped_foreign_reasoning', message: `${dropped} reasoning item(s) from another backend (or unsigned) left out: Claude takes back only its own signed thinking.` });
  return { ...request, messages: messages.filter((message) => !Array.isArray(message.content) || message.content.length > 0) };
}

/** Translates and sends one request to Claude; the answer is read by the caller. */
async function sendToClaude({ runtime, route, scope, attempt }: ExchangeCall<ResponsesRequest>, request: ResponsesRequest) {
  assertBackendIsNotThisProxy(runtime.loopBackends, route.backend);
  const backend = route.backend;
  const model = route.model ?? (await runtime.discoverModel(backend));
  scope.log.backendModel = model;
  scope.log.backend = backend.name;
  const context = translationContextFor(runtime, backend, model, request.model);
  const translated = convertResponsesRequestToAnthropic(request, context, 'claude');
  const warnings = [...translated.warnings];
  const anthropicRequest = { ...withClaudeThinkingOnly(translated.value.request, warnings), model };
  runtime.logger.warnings(scope.log, warnings);
  const serialized = JSON.stringify(anthropicRequest);
  runtime.logger.debug(() => `${scope.requestId} upstream request: ${serialized}`);
  const label = backendLabel(backend);
  const upstream = await postAnthropicMessages(backend, serialized, backendCallOptions(runtime, scope, backend, attempt));
  scope.markFirstByte();
  if (upstream.statusCode >= 400) throw await readAnthropicError(upstream, label);
  return { upstream, context, label, toolMap: translated.value.toolMap };
}

/** The whole answer to `request` (the non-streamed path; a compaction's summary too). */
async function answerWhole(call: ExchangeCall<ResponsesRequest>, request: ResponsesRequest) {
  const { runtime, scope } = call;
  const { upstream, context, label, toolMap } = await sendToClaude(call, request);
  const message = await readAnthropicMessage(upstream, label);
  const response = convertAnthropicMessageToResponse(message, context, echoOfResponsesRequest(request), toolMap);
  runtime.logger.warnings(scope.log, response.warnings);
  scope.log.inputTokens = response.value.usage?.input_tokens;
  scope.log.outputTokens = response.value.usage?.output_tokens;
  return response.value;
}

async function serveOnClaude(call: ExchangeCall<ResponsesRequest>): Promise<void> {
  const { runtime, request, res, scope } = call;
  if (request.stream !== true) {
    writeJson(res, 200, await answerWhole(call, request));
    scope.finishLog(200);
    return;
  }
  const { upstream, context, label, toolMap } = await sendToClaude(call, request);
  const echo = echoOfResponsesRequest(request);
  const translator = createAnthropicToResponsesStreamTranslator(context, echo, toolMap, label);
  const outcome = await relayToResponses(upstream, res, {
    push: (data) => {
      const delta = readAnthropicDeltaEvent(data);
      if (delta !== undefined) return translator.push(delta);
      let event: AnthropicStreamEvent;
      try {
        event = JSON.parse(data) as AnthropicStreamEvent;
      } catch {
        if (data.trim() === '') return [];
        return translator.fail(new UpstreamProtocolError(`Backend ${label} sent a stream event that is not JSON: ${data.slice(0, 200)}`));
      }
      return translator.push(event);
    },
    finish: () => translator.finish(),
    fail: (error) => translator.fail(error),
    get isDone() {
      return translator.isDone;
    },
    get failure() {
      return translator.failure;
    },
  }, { pingIntervalMs: runtime.config.pingIntervalMs, backendLabel: label, onInternalError: (thrown) => logInternalError(runtime.logger, scope.requestId, thrown) });
  runtime.logger.warnings(scope.log, translator.warnings);
  if (outcome.unsentError !== undefined) throw outcome.unsentError;
  scope.log.inputTokens = translator.final?.usage?.input_tokens;
  scope.log.outputTokens = translator.final?.usage?.output_tokens;
  scope.finishLog(translator.failure ? 502 : 200, translator.failure?.message);
}
