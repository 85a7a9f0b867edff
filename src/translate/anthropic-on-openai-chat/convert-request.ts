/**
 * Anthropic Messages request -> OpenAI Chat Completions request. Pure and synchronous; what
 * cannot be carried becomes a warning, what would change meaning throws `TranslationError`.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import type { Translated, TranslationContext, TranslationWarning } from '../types.js';
import { convertAnthropicMessagesToOpenAI } from './convert-messages.js';
import { convertAnthropicToolsToOpenAI } from './convert-tools.js';
import type { ConvertedRequestBody, OpenAIChatRequestFromAnthropic, WebSearchRequested } from './converted-request-types.js';
import { convertOutputFormat } from './convert-output-format.js';
import { shortenToolNamesForOpenAI } from './shorten-tool-names.js';
import { warnAboutShortenedToolNames, type ToolNameMap } from '../tool-names.js';
import { shortenUserId } from './hash-user-id.js';
import { splitStopSequences } from './enforce-stop-sequences.js';
import { mapThinkingToReasoningEffort } from './map-thinking-to-reasoning-effort.js';
import { refuseUnservableWebSearch } from './refuse-unservable-web-search.js';
import { selectLoadedTools } from './select-deferred-tools.js';
import { applyWebSearchPlan, planWebSearch } from './convert-web-search-tool.js';

export type { OpenAIChatRequestFromAnthropic, WebSearchRequested } from './converted-request-types.js';

type RequestBody = ConvertedRequestBody;

/** Fields read by the translator. */
const translatedFields = new Set([
  'model', 'messages', 'system', 'max_tokens', 'metadata', 'stop_sequences', 'stream', 'temperature',
  'top_p', 'top_k', 'tools', 'tool_choice', 'thinking', 'output_config',
]);

/** Anthropic-only features with no OpenAI-compatible equivalent. */
const anthropicOnlyFields = new Set(['context_management', 'service_tier', 'container', 'mcp_servers']);

function warnAboutUntranslatedFields(request: AnthropicMessagesRequest, warnings: TranslationWarning[]): void {
  for (const field of Object.keys(request)) {
    if (translatedFields.has(field)) continue;
    if (anthropicOnlyFields.has(field)) {
      warnings.push({ code: 'dropped_field', message: `\`${field}\` is Anthropic-only and was dropped.`, field });
    } else {
      warnings.push({ code: 'ignored_field', message: `Unknown field \`${field}\` was ignored.`, field });
    }
  }
}

/** `cache_control` is Anthropic's prompt caching; OpenAI-compatible backends cache prefixes on their own. */
function countCacheControl(value: unknown, depth = 0): number {
  if (depth > 6 || typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countCacheControl(item, depth + 1), 0);
  const record = value as Record<string, unknown>;
  const own = record.cache_control === undefined ? 0 : 1;
  return own + countCacheControl(record.content, depth + 1);
}

function warnAboutCacheControl(request: AnthropicMessagesRequest, warnings: TranslationWarning[]): void {
  const count = countCacheControl(request.system) + countCacheControl(request.messages) + countCacheControl(request.tools);
  if (count === 0) return;
  warnings.push({ code: 'dropped_cache_control', message: `Dropped ${count} cache_control marker(s); the backend caches prefixes itself.` });
}

function applyMaxTokens(body: RequestBody, request: AnthropicMessagesRequest, context: TranslationContext, warnings: TranslationWarning[]): void {
  if (request.max_tokens === undefined) return;
  const limit = context.capabilities.maxOutputTokens;
  let maxTokens = request.max_tokens;
  if (maxTokens > limit) {
    warnings.push({
      code: 'clamped_max_tokens',
      message: `max_tokens ${maxTokens} exceeds the ${limit} output tokens of "${context.backendModel}"; sent ${limit}.`,
      field: 'max_tokens',
    });
    maxTokens = limit;
  }
  body[context.capabilities.maxTokensField] = maxTokens;
}

function applySampling(body: RequestBody, request: AnthropicMessagesRequest, context: TranslationContext, warnings: TranslationWarning[]): void {
  for (const field of ['temperature', 'top_p'] as const) {
    const value = request[field];
    if (value === undefined) continue;
    if (context.capabilities.samplingParams) body[field] = value;
    else warnings.push({ code: 'dropped_field', message: `"${context.backendModel}" rejects \`${field}\`; it was dropped.`, field });
  }
  if (request.top_k !== undefined) {
    warnings.push({ code: 'dropped_field', message: 'OpenAI-compatible backends have no `top_k`; it was dropped.', field: 'top_k' });
  }
  applyStopSequences(body, request, context, warnings);
}

/** The first `maxStopSequences` go to the backend; the frontend enforces the rest on the answer. */
function applyStopSequences(body: RequestBody, request: AnthropicMessagesRequest, context: TranslationContext, warnings: TranslationWarning[]): void {
  const { sent, enforced } = splitStopSequences(request.stop_sequences, context.capabilities);
  if (sent.length > 0) body.stop = sent;
  if (enforced.length === 0) return;
  warnings.push({
    code: 'stop_sequences_over_limit',
    message: `"${context.backendModel}" takes ${sent.length} stop sequences; the proxy enforces the other ${enforced.length} on the answer.`,
    field: 'stop_sequences',
  });
}

function applyUser(body: RequestBody, request: AnthropicMessagesRequest, context: TranslationContext, warnings: TranslationWarning[]): void {
  const userId = request.metadata?.user_id;
  if (typeof userId !== 'string' || userId === '') return;
  const maxLength = context.capabilities.userFieldMaxLength;
  if (maxLength <= 0) {
    warnings.push({ code: 'dropped_field', message: 'The backend takes no `user`; metadata.user_id was dropped.', field: 'metadata.user_id' });
    return;
  }
  body.user = shortenUserId(userId, maxLength);
}

function applyReasoning(body: RequestBody, request: AnthropicMessagesRequest, context: TranslationContext, warnings: TranslationWarning[]): void {
  const effort = mapThinkingToReasoningEffort(request.thinking, request.output_config);
  if (effort === undefined) return;
  if (context.capabilities.reasoningEffort) {
    body.reasoning_effort = effort;
    return;
  }
  warnings.push({
    code: 'dropped_field',
    message: `"${context.backendModel}" takes no reasoning_effort; the requested thinking effort (${effort}) was dropped.`,
    field: request.output_config?.effort === undefined ? 'thinking' : 'output_config.effort',
  });
}

function applyResponseFormat(body: RequestBody, request: AnthropicMessagesRequest, context: TranslationContext, warnings: TranslationWarning[]): void {
  const converted = convertOutputFormat(request, body.messages, context, warnings);
  body.messages = converted.messages;
  if (converted.responseFormat !== undefined) body.response_format = converted.responseFormat;
}

/**
 * Translates a validated Anthropic Messages request for an OpenAI-compatible backend
 * (`context.backendModel`, `context.capabilities`). Throws `TranslationError` for content the
 * backend cannot take (images without vision, PDFs without PDF support, Files API ids) and for a
 * request that needs web search the backend cannot run (with a `webSearch` capability it runs it:
 * convert-web-search-tool). Deferred tools (`defer_loading`) are sent once the conversation has
 * loaded them (select-deferred-tools).
 * `toolNames` maps the tool names the backend could not take; the answer's translators restore them.
 * `webSearch` is set when the backend was asked to search: its citations become search blocks.
 */
export function convertAnthropicRequestToOpenAI(
  request: AnthropicMessagesRequest,
  context: TranslationContext,
): Translated<OpenAIChatRequestFromAnthropic> & { toolNames: ToolNameMap; webSearch?: WebSearchRequested } {
  const warnings: TranslationWarning[] = [];
  const webSearch = planWebSearch(request, context, warnings);
  if (webSearch === undefined) refuseUnservableWebSearch(request.tools, request.tool_choice, context);
  warnAboutUntranslatedFields(request, warnings);
  warnAboutCacheControl(request, warnings);
  const tools = webSearch?.otherTools ?? request.tools;
  const toolChoice = webSearch === undefined ? request.tool_choice : webSearch.otherToolChoice;
  const body: RequestBody = {
    model: context.backendModel,
    messages: convertAnthropicMessagesToOpenAI(request, context, warnings),
    ...convertAnthropicToolsToOpenAI(selectLoadedTools(tools, request.messages, toolChoice, warnings), toolChoice, context, warnings),
  };
  applyMaxTokens(body, request, context, warnings);
  applySampling(body, request, context, warnings);
  applyUser(body, request, context, warnings);
  applyReasoning(body, request, context, warnings);
  applyResponseFormat(body, request, context, warnings);
  const toolNames = shortenToolNamesForOpenAI(body, context.capabilities);
  warnAboutShortenedToolNames(toolNames, warnings);
  // After the renaming: the server tool's type is not a function name to shorten.
  const searched = applyWebSearchPlan(body, webSearch);
  const value: OpenAIChatRequestFromAnthropic =
    request.stream === true ? { ...searched, stream: true, stream_options: { include_usage: true } } : searched;
  return webSearch === undefined ? { value, warnings, toolNames } : { value, warnings, toolNames, webSearch: { query: webSearch.query, alwaysSearches: webSearch.webSearchOptions !== undefined } };
}
