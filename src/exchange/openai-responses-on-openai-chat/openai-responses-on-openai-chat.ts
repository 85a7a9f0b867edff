/**
 * Codex and Responses-API clients on any Chat Completions backend, in two steps: the request to
 * Anthropic Messages (translate/openai-responses-on-anthropic) and on through the translator that
 * already serves Claude Code on every such backend (translate/anthropic-on-openai-chat: schema
 * dialects, reasoning echoed back, tool names, web search, rejected parameters); the answer back
 * the same two steps. Each step is pure and streams: no chunk waits for the next.
 */
import { translationContextFor } from '../translation-context.js';
import { SSE_HEADERS, writeJson } from '../../http/http-io.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import { logInternalError } from '../../http/send-error.js';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import type { Route } from '../../routing/resolve-route.js';
import { anthropicMessageToStreamEvents } from '../../translate/anthropic-message-to-stream-events.js';
import { convertOpenAIResponseToAnthropic } from '../../translate/anthropic-on-openai-chat/convert-response.js';
import { createOpenAIToAnthropicStreamTranslator } from '../../translate/anthropic-on-openai-chat/stream-translator.js';
import { convertResponsesRequestToAnthropic } from '../../translate/openai-responses-on-anthropic/convert-request.js';
import { convertAnthropicMessageToResponse } from '../../translate/openai-responses-on-anthropic/convert-response.js';
import { echoOfResponsesRequest } from '../../translate/openai-responses-on-anthropic/echo-request.js';
import { createAnthropicToResponsesStreamTranslator } from '../../translate/openai-responses-on-anthropic/stream-translator.js';
import type { TranslationContext } from '../../translate/types.js';
import { backendLabel } from '../../upstream/backend-call.js';
import { readChatCompletion } from '../../upstream/openai-chat/read-chat-completion.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { prepareOpenAIRequest } from '../anthropic-messages-on-openai-chat/prepare-openai-request.js';
import { sendOpenAIRequest } from '../anthropic-messages-on-openai-chat/send-openai-request.js';
import type { ExchangeCall } from '../exchange-call.js';
import type { OpenAIResponsesExchange } from '../exchange-registry.js';
import { encodeResponsesEvents, relayToResponses } from '../openai-responses-on-anthropic/relay-responses-stream.js';
import { serveCompaction } from '../openai-responses-on-anthropic/serve-compaction.js';
import { chatToResponsesSource } from './chat-to-responses-source.js';
import { passResponsesThrough } from './pass-responses-through.js';
import { asksForCompaction } from '../../translate/openai-responses-on-anthropic/compaction.js';

export const openAIResponsesOnOpenAIChat: OpenAIResponsesExchange = {
  responses: (call) => {
    // A backend that speaks Responses itself (OpenAI) gets the request as it is, compaction included.
    if (call.route.backend.responsesApi === true) return passResponsesThrough(call, 'responses');
    return asksForCompaction(call.request) ? serveCompaction(call, answerWhole, 'responses') : serveOnChat(call);
  },
  compact: (call) => (call.route.backend.responsesApi === true ? passResponsesThrough(call, 'compact') : serveCompaction(call, answerWhole, 'compact-endpoint')),
};

/** The context of the first step: the backend's own capabilities (its output limit, its reasoning). */
async function intermediateContext(runtime: ProxyRuntime, request: ResponsesRequest, route: Route): Promise<TranslationContext> {
  const backend = route.backend;
  const model = route.model ?? (await runtime.discoverModel(backend));
  return translationContextFor(runtime, backend, model, request.model);
}

/** Both translation steps and the send; the answer is read by the caller. */
async function sendToChat({ runtime, route, scope, attempt }: ExchangeCall<ResponsesRequest>, request: ResponsesRequest) {
  const context = await intermediateContext(runtime, request, route);
  const first = convertResponsesRequestToAnthropic(request, context, 'intermediate');
  runtime.logger.warnings(scope.log, first.warnings);
  const preparing = prepareOpenAIRequest(runtime, first.value.request, scope, route);
  // Awaited only when it is a promise: an await of a plain value still costs a promise and a tick.
  const prepared = preparing instanceof Promise ? await preparing : preparing;
  // Past the middle step, which has no field for it (a backend that refuses it: adapt-to-rejected-parameter).
  if (first.value.promptCacheKey !== undefined) prepared.request = { ...prepared.request, prompt_cache_key: first.value.promptCacheKey };
  scope.log.requestedModel = request.model;
  const label = backendLabel(prepared.backend);
  const upstream = await sendOpenAIRequest(runtime, prepared, scope, attempt);
  const chatOptions = { toolNames: prepared.toolNames, backendLabel: label, ...(prepared.webSearch ? { webSearch: prepared.webSearch } : {}) };
  return { upstream, prepared, label, toolMap: first.value.toolMap, chatOptions };
}

/** A whole Chat completion, as the Anthropic message of the middle step. */
async function readAsAnthropicMessage(call: ExchangeCall<ResponsesRequest>, sent: Awaited<ReturnType<typeof sendToChat>>) {
  const completion = await readChatCompletion(sent.upstream, sent.label);
  const message = convertOpenAIResponseToAnthropic(completion, sent.prepared.context, sent.chatOptions);
  call.runtime.logger.warnings(call.scope.log, message.warnings);
  return message.value;
}

/** The whole answer to `request` (the non-streamed path; a compaction's summary too). */
async function answerWhole(call: ExchangeCall<ResponsesRequest>, request: ResponsesRequest) {
  const sent = await sendToChat(call, request);
  const message = await readAsAnthropicMessage(call, sent);
  const response = convertAnthropicMessageToResponse(message, sent.prepared.context, echoOfResponsesRequest(request), sent.toolMap);
  call.runtime.logger.warnings(call.scope.log, response.warnings);
  call.scope.log.inputTokens = response.value.usage?.input_tokens;
  call.scope.log.outputTokens = response.value.usage?.output_tokens;
  return response.value;
}

async function serveOnChat(call: ExchangeCall<ResponsesRequest>): Promise<void> {
  const { runtime, request, res, scope } = call;
  if (request.stream !== true) {
    writeJson(res, 200, await answerWhole(call, request));
    scope.finishLog(200);
    return;
  }
  const sent = await sendToChat(call, request);
  const { upstream, prepared, label, toolMap, chatOptions } = sent;
  const echo = echoOfResponsesRequest(request);
  if (isEventStream(upstream)) {
    await relayStream(runtime, upstream, scope, res, { prepared, echo, toolMap, label, chatOptions });
    return;
  }
  // The backend ignored `stream: true`: the whole answer as one stream.
  const message = await readAsAnthropicMessage(call, sent);
  const translator = createAnthropicToResponsesStreamTranslator(prepared.context, echo, toolMap, label);
  const events = anthropicMessageToStreamEvents(message).flatMap((event) => translator.push(event));
  runtime.logger.warnings(scope.log, translator.warnings);
  scope.log.inputTokens = translator.final?.usage?.input_tokens;
  scope.log.outputTokens = translator.final?.usage?.output_tokens;
  res.start(200, SSE_HEADERS);
  res.end(encodeResponsesEvents(events));
  scope.finishLog(200);
}

interface StreamParts {
  prepared: Awaited<ReturnType<typeof prepareOpenAIRequest>>;
  echo: ReturnType<typeof echoOfResponsesRequest>;
  toolMap: ReturnType<typeof convertResponsesRequestToAnthropic>['value']['toolMap'];
  label: string;
  chatOptions: Parameters<typeof createOpenAIToAnthropicStreamTranslator>[1];
}

/** Chat chunks -> Anthropic events -> Responses events, chunk by chunk. */
async function relayStream(runtime: ProxyRuntime, upstream: UpstreamResponse, scope: RequestScope, res: ExchangeCall<ResponsesRequest>['res'], parts: StreamParts): Promise<void> {
  const { prepared, echo, toolMap, label, chatOptions } = parts;
  const toAnthropic = createOpenAIToAnthropicStreamTranslator(prepared.context, chatOptions);
  const toResponses = createAnthropicToResponsesStreamTranslator(prepared.context, echo, toolMap, label);
  const outcome = await relayToResponses(upstream, res, chatToResponsesSource(toAnthropic, toResponses, label), { pingIntervalMs: runtime.config.pingIntervalMs, backendLabel: label, onInternalError: (thrown) => logInternalError(runtime.logger, scope.requestId, thrown) });
  runtime.logger.warnings(scope.log, [...toAnthropic.warnings, ...toResponses.warnings]);
  if (outcome.unsentError !== undefined) throw outcome.unsentError;
  scope.log.inputTokens = toResponses.final?.usage?.input_tokens;
  scope.log.outputTokens = toResponses.final?.usage?.output_tokens;
  const failure = toResponses.failure ?? toAnthropic.failure;
  scope.finishLog(failure ? 502 : 200, failure?.message);
}

function isEventStream(upstream: UpstreamResponse): boolean {
  const type = upstream.headers['content-type'];
  const value = Array.isArray(type) ? type.join(',') : type ?? '';
  return value === '' || value.includes('text/event-stream');
}
