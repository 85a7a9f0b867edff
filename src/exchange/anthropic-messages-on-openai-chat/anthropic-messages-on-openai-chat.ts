/**
 * Claude Code on any model: Anthropic Messages requests served by an OpenAI-compatible backend,
 * translated both ways (translate/anthropic-on-openai-chat), streams through the stream
 * translator; count_tokens is estimated here, on the request as this backend would get it.
 */
import { backendLabel } from '../../upstream/backend-call.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { readChatCompletion } from '../../upstream/openai-chat/read-chat-completion.js';
import type { AnthropicCountTokensRequest, AnthropicMessagesRequest, AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { convertOpenAIResponseToAnthropic } from '../../translate/anthropic-on-openai-chat/convert-response.js';
import {
  enforceStopSequencesOnMessage,
  enforceStopSequencesOnStream,
  splitStopSequences,
} from '../../translate/anthropic-on-openai-chat/enforce-stop-sequences.js';
import { createOpenAIToAnthropicStreamTranslator } from '../../translate/anthropic-on-openai-chat/stream-translator.js';
import { SSE_HEADERS, writeJson } from '../../http/http-io.js';
import { encodeAnthropicEvent } from '../../protocols/anthropic/encode-event.js';
import { anthropicMessageToStreamEvents } from '../../translate/anthropic-message-to-stream-events.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { ResponseSink } from '../../http/proxy-request.js';
import type { RequestScope } from '../../http/request-scope.js';
import { logInternalError } from '../../http/send-error.js';
import type { ExchangeCall } from '../exchange-call.js';
import type { AnthropicMessagesExchange } from '../exchange-registry.js';
import { prepareOpenAIRequest, type PreparedOpenAIRequest } from './prepare-openai-request.js';
import { sendOpenAIRequest } from './send-openai-request.js';
import { recordUsage } from '../record-usage.js';
import { relayOpenAIStreamToAnthropic } from './relay-openai-stream.js';

export const anthropicMessagesOnOpenAIChat: AnthropicMessagesExchange = { messages: serveMessages, countTokens };

/**
 * count_tokens: an estimate (o200k tokenizer plus estimated overheads) of the request as this
 * backend would receive it, never a backend call. The tokenizer is loaded on first use only.
 */
async function countTokens({ runtime, res, scope, request, route }: ExchangeCall<AnthropicCountTokensRequest>): Promise<void> {
  const prepared = await prepareOpenAIRequest(runtime, request, scope, route);
  const { countOpenAIRequestTokens } = await import('../../translate/anthropic-on-openai-chat/count-tokens.js');
  const inputTokens = countOpenAIRequestTokens(prepared.request);
  scope.log.inputTokens = inputTokens;
  writeJson(res, 200, { input_tokens: inputTokens });
  scope.finishLog(200);
}

/** POST /v1/messages served by an OpenAI-compatible backend: translated both ways. */
async function serveMessages({ runtime, res, scope, request, route, attempt }: ExchangeCall<AnthropicMessagesRequest>): Promise<void> {
  const preparing = prepareOpenAIRequest(runtime, request, scope, route);
  // Awaited only when it is a promise: an await of a plain value still costs a promise and a tick.
  const prepared = preparing instanceof Promise ? await preparing : preparing;
  const label = backendLabel(prepared.backend);
  const upstream = await sendOpenAIRequest(runtime, prepared, scope, attempt);
  const stopSequences = request.stop_sequences;
  if (request.stream === true && isEventStream(upstream)) {
    await relayStream(runtime, upstream, res, scope, prepared, label, stopSequences);
    return;
  }
  const completion = await readChatCompletion(upstream, label);
  runtime.logger.debug(() => `${scope.requestId} upstream response: ${JSON.stringify(completion)}`);
  const translated = enforceStopSequencesOnMessage(
    convertOpenAIResponseToAnthropic(completion, prepared.context, { stopSequences, toolNames: prepared.toolNames, webSearch: prepared.webSearch }),
    splitStopSequences(stopSequences, prepared.context.capabilities).enforced,
  );
  runtime.logger.warnings(scope.log, translated.warnings);
  recordUsage(scope.log, translated.value.usage);
  if (request.stream === true) {
    // The backend ignored `stream: true` and answered with JSON: replay it as a stream.
    res.start(200, SSE_HEADERS);
    res.end(anthropicMessageToStreamEvents(translated.value).map(encodeAnthropicEvent).join(''));
  } else {
    writeJson(res, 200, translated.value);
  }
  scope.finishLog(200);
}

async function relayStream(
  runtime: ProxyRuntime,
  upstream: UpstreamResponse,
  res: ResponseSink,
  scope: RequestScope,
  prepared: PreparedOpenAIRequest,
  label: string,
  stopSequences: string[] | undefined,
): Promise<void> {
  const translator = enforceStopSequencesOnStream(
    createOpenAIToAnthropicStreamTranslator(prepared.context, { stopSequences, toolNames: prepared.toolNames, backendLabel: label, webSearch: prepared.webSearch }),
    splitStopSequences(stopSequences, prepared.context.capabilities).enforced,
  );
  const outcome = await relayOpenAIStreamToAnthropic(upstream, res, translator, {
    pingIntervalMs: runtime.config.pingIntervalMs,
    backendLabel: label,
    onInternalError: (thrown) => logInternalError(runtime.logger, scope.requestId, thrown),
    ...(runtime.logger.level === 'debug' && {
      onUpstreamData: (data: string) => runtime.logger.debug(() => `${scope.requestId} upstream: ${data}`),
      onEvents: (events: AnthropicStreamEvent[]) => runtime.logger.debug(() => `${scope.requestId} events: ${JSON.stringify(events)}`),
    }),
  });
  runtime.logger.warnings(scope.log, translator.warnings);
  const usage = translator.usage;
  recordUsage(scope.log, {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
  });
  // Failed before the first event: a real HTTP error (429 with retry-after, 529, ...).
  if (outcome.unsentError !== undefined) throw outcome.unsentError;
  scope.finishLog(translator.failure ? 502 : 200, translator.failure?.message);
}

function isEventStream(upstream: UpstreamResponse): boolean {
  const type = upstream.headers['content-type'];
  const value = Array.isArray(type) ? type.join(',') : type ?? '';
  // No content type at all: trust the request and parse as SSE.
  return value === '' || value.includes('text/event-stream');
}
