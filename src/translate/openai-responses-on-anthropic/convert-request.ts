/**
 * A Responses API request (Codex CLI, the openai SDK's `responses`) -> an Anthropic Messages
 * request. Anthropic Messages is the richer of the two neighbours: reasoning with its signature
 * (a Responses `reasoning` item's `encrypted_content`), tool calls and results, images and PDFs
 * all have a place in it. So it is also the middle step to Chat Completions backends, where the
 * Anthropic-on-Chat translator (`translate/anthropic-on-openai-chat/`) already knows every
 * backend's quirks. Pure.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicMessagesRequest, AnthropicOutputConfig } from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest, OpenAIReasoningEffort } from '../../protocols/openai/types.js';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { convertGenerationParams } from '../openai-chat-on-anthropic/convert-generation-params.js';
import type { Translated, TranslationContext, TranslationWarning } from '../types.js';
import { convertInputItems } from './convert-input-items.js';
import { convertResponsesToolChoice, convertResponsesTools, type ResponsesToolMap } from './convert-tools.js';
import { toolsLoadedBySearch } from './tool-search-items.js';

export interface ConvertedResponsesRequest {
  request: AnthropicMessagesRequest;
  /** Backend tool names -> the client's namespaced and custom tools, for the answer. */
  toolMap: ResponsesToolMap;
  /**
   * `prompt_cache_key`, which Anthropic Messages has no field for: it rides beside the request
   * (as `toolMap` does) to the Chat step, which sends it to the backend (OpenAI's Chat
   * Completions takes it; a backend that refuses it by name gets the request again without it).
   * On Claude it turns on automatic prompt caching instead (`cache_control` at the top level).
   */
  promptCacheKey?: string;
}

const efforts = new Set<string>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

/** Request fields that need nothing from the backend, or that the proxy answers itself. */
const ignoredFields = new Set(['model', 'input', 'instructions', 'stream', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'max_output_tokens', 'temperature', 'top_p', 'text', 'store', 'include', 'metadata', 'user', 'previous_response_id', 'client_metadata', 'stream_options', 'truncation', 'service_tier', 'safety_identifier', 'prompt_cache_retention']);

function convertTextFormat(text: ResponsesRequest['text'], warnings: TranslationWarning[]): AnthropicOutputConfig['format'] | undefined {
  // Codex sends `verbosity: "low"` for the models it knows; Messages has no such knob.
  if (typeof text?.verbosity === 'string') warnings.push({ code: 'dropped_field', message: `text.verbosity ${text.verbosity} has no equivalent on this backend; ignored.`, field: 'text.verbosity' });
  const format = text?.format;
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_schema' && format.schema) return { type: 'json_schema', schema: format.schema, ...(format.name ? { name: format.name } : {}) };
  if (format.type === 'json_object') {
    // Any JSON object: the loosest schema that still says "an object".
    return { type: 'json_schema', schema: { type: 'object', additionalProperties: true } };
  }
  warnings.push({ code: 'dropped_field', message: `text.format ${format.type} is not supported; plain text is asked for.`, field: 'text.format' });
  return undefined;
}

/** The last assistant turn called tools without thinking before them: Claude would refuse thinking now. */
function inToolLoopWithoutThinking(request: AnthropicMessagesRequest): boolean {
  const lastAssistant = [...request.messages].reverse().find((message) => message.role === 'assistant');
  if (!lastAssistant || !Array.isArray(lastAssistant.content)) return false;
  const blocks = lastAssistant.content;
  return blocks.some((block) => block.type === 'tool_use') && !blocks.some((block) => block.type === 'thinking' && (block as { signature?: string }).signature);
}

/**
 * `claude`: the request goes to Claude, whose rules on effort, token limit and sampling apply.
 * `intermediate`: the request goes on through the Anthropic-on-Chat translator, which applies
 * the backend's own rules; here effort becomes a thinking budget and sampling stays as it is.
 */
export type ResponsesTarget = 'claude' | 'intermediate';

const thinkingBudgetByEffort: Record<string, number> = { low: 2048, medium: 8192, high: 24_576, xhigh: 32_768 };

export function convertResponsesRequestToAnthropic(
  request: ResponsesRequest,
  context: TranslationContext,
  target: ResponsesTarget = 'claude',
): Translated<ConvertedResponsesRequest> {
  const warnings: TranslationWarning[] = [];
  const { tools, toolMap } = convertResponsesTools(request.tools, warnings, toolsLoadedBySearch(request));
  const toolChoice = convertResponsesToolChoice(request.tool_choice, request.parallel_tool_calls, toolMap, tools.length > 0);
  const { system, messages } = convertInputItems(request.input, toolMap, warnings);
  if (typeof request.instructions === 'string' && request.instructions !== '') system.unshift(request.instructions);
  if (messages.length === 0) throw new TranslationError('input has no user or assistant message to answer.', { param: 'input' });

  const converted: AnthropicMessagesRequest = { model: request.model, messages, max_tokens: 1 };
  if (system.length > 0) converted.system = system.join('\n\n');
  if (tools.length > 0) converted.tools = tools;
  if (toolChoice) converted.tool_choice = toolChoice;
  if (request.stream === true) converted.stream = true;
  if (typeof request.user === 'string' && request.user !== '') converted.metadata = { user_id: request.user };

  // Effort, token limit and sampling constrain each other on Claude: the Chat-on-Claude rules apply.
  const effort = request.reasoning?.effort;
  if (effort !== undefined && effort !== null && !efforts.has(effort)) throw new TranslationError(`reasoning.effort ${effort} is not supported.`, { param: 'reasoning.effort' });
  const asChat = {
    model: request.model,
    messages: [],
    ...(request.max_output_tokens ? { max_completion_tokens: request.max_output_tokens } : {}),
    ...(effort ? { reasoning_effort: effort as OpenAIReasoningEffort } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { top_p: request.top_p } : {}),
  } satisfies OpenAIChatRequest;
  const params =
    target === 'claude'
      ? convertGenerationParams(asChat, context, toolChoice, inToolLoopWithoutThinking(converted), warnings)
      : {
          max_tokens: request.max_output_tokens ?? context.capabilities.maxOutputTokens,
          ...(effort && thinkingBudgetByEffort[effort] ? { thinking: { type: 'enabled' as const, budget_tokens: thinkingBudgetByEffort[effort]! } } : {}),
          ...(asChat.temperature !== undefined ? { temperature: asChat.temperature } : {}),
          ...(asChat.top_p !== undefined ? { top_p: asChat.top_p } : {}),
          effort: undefined,
        };
  converted.max_tokens = params.max_tokens;
  if (params.thinking) converted.thinking = params.thinking;
  if (params.temperature !== undefined) converted.temperature = params.temperature;
  if (params.top_p !== undefined) converted.top_p = params.top_p;
  const format = convertTextFormat(request.text, warnings);
  if (params.effort !== undefined || format !== undefined) converted.output_config = { ...(params.effort ? { effort: params.effort } : {}), ...(format ? { format } : {}) };

  const promptCacheKey = typeof request.prompt_cache_key === 'string' && request.prompt_cache_key !== '' ? request.prompt_cache_key : undefined;
  // Claude caches a prefix up to a breakpoint, not by key: the automatic breakpoint follows the
  // last block as the conversation grows, which is how Codex resends it (the full history each turn).
  if (promptCacheKey !== undefined && target === 'claude') converted.cache_control = { type: 'ephemeral' };

  for (const key of Object.keys(request)) {
    if (!ignoredFields.has(key) && key !== 'prompt_cache_key') warnings.push({ code: 'ignored_field', message: `${key} has no equivalent on this backend; ignored.`, field: key });
  }
  return { value: { request: converted, toolMap, ...(promptCacheKey !== undefined ? { promptCacheKey } : {}) }, warnings };
}
