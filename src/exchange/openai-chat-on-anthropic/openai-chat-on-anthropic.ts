/**
 * OpenAI clients on Claude: Chat Completions requests translated to the Anthropic Messages API
 * (translate/openai-chat-on-anthropic), answers and streams translated back.
 */
import { translationContextFor } from '../translation-context.js';
import { backendLabel } from '../../upstream/backend-call.js';
import { postAnthropicMessages } from '../../upstream/anthropic/anthropic-messages-backend.js';
import { readAnthropicError, readAnthropicMessage } from '../../upstream/anthropic/read-anthropic-answer.js';
import { assertClaudeCanServe } from '../../protocols/openai/validate-request.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import { convertOpenAIRequestToAnthropic, JSON_OUTPUT_TOOL } from '../../translate/openai-chat-on-anthropic/convert-request.js';
import { convertAnthropicResponseToOpenAI } from '../../translate/openai-chat-on-anthropic/convert-response.js';
import { createAnthropicToOpenAIStreamTranslator } from '../../translate/openai-chat-on-anthropic/stream-translator.js';
import { writeJson } from '../../http/http-io.js';
import { logInternalError } from '../../http/send-error.js';
import { assertBackendIsNotThisProxy } from '../../upstream/detect-self-loop.js';
import { backendCallOptions } from '../backend-call-options.js';
import { recordUsage } from '../record-usage.js';
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
  const context = translationContextFor(runtime, backend, model, request.model);
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
    recordUsage(scope.log, translator.usage);
    // Failed before the first chunk: a real HTTP error (429 with retry-after, 503, ...).
    if (outcome.unsentError !== undefined) throw outcome.unsentError;
    scope.finishLog(translator.failure ? 502 : 200, translator.failure?.message);
    return;
  }
  const message = await readAnthropicMessage(upstream, label);
  const completion = convertAnthropicResponseToOpenAI(message, context, { jsonOutputTool, toolNames: translated.toolNames.toClient });
  runtime.logger.warnings(scope.log, completion.warnings);
  recordUsage(scope.log, message.usage);
  writeJson(res, 200, completion.value);
  scope.finishLog(200);
}
