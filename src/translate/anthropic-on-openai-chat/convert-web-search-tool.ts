/**
 * Anthropic's web search server tool (`web_search_20250305`, ...) for a backend that searches
 * itself (`capabilities.webSearch`). Claude Code's WebSearch sends a request whose only tool is
 * this one (test/fixtures/clients/claude-code/websearch-subrequest*.json).
 *
 * - `openrouter`: OpenRouter's `openrouter:web_search` server tool goes into `tools` beside the
 *   function tools. `allowed_domains` -> `allowed_domains`, `blocked_domains` -> `excluded_domains`
 *   (OpenRouter takes one or the other), `user_location` as is (the same flat shape), and
 *   `max_uses` (a number of searches) -> `max_total_results` (results over all searches of the
 *   request) at OpenRouter's default of 5 results per search.
 *   @see https://openrouter.ai/docs/guides/features/server-tools/web-search
 * - `openai-search-options`: `web_search_options` with `user_location` as
 *   `{type:"approximate", approximate:{...}}` and no tools entry. These models search on every
 *   request and take no domain filter: `allowed_domains` / `blocked_domains` are dropped with a
 *   warning (the results may then come from any site).
 *   @see https://platform.openai.com/docs/api-reference/chat/create (web_search_options)
 *
 * Without the capability `planWebSearch` returns undefined and refuse-unservable-web-search keeps
 * deciding (a clear 400 when the request exists to search).
 */
import type { AnthropicMessagesRequest, AnthropicTool, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { OpenAIWebSearchOptions, OpenRouterWebSearchTool } from '../../protocols/openai/types.js';
import { isRecord } from '../../json/is-record.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { ConvertedRequestBody, OpenAIChatRequestFromAnthropic } from './converted-request-types.js';
import { isWebSearchTool } from './refuse-unservable-web-search.js';
import { searchQueryOf } from './web-search-query.js';

/** How one request's web search goes to the backend, and what the answer's translators need. */
export interface WebSearchPlan {
  /** The request's other tools, for convert-tools (the search tool is served here, not dropped). */
  otherTools: AnthropicTool[];
  /** `tool_choice` for those tools: none when it named the search tool or only the search tool was offered. */
  otherToolChoice: AnthropicToolChoice | undefined;
  /** The request demands a search (`tool_choice` names the search tool, or `any` with no other tool). */
  forced: boolean;
  serverTool?: OpenRouterWebSearchTool;
  webSearchOptions?: OpenAIWebSearchOptions;
  /** The query the answer's `server_tool_use` block reports (an OpenAI-style answer does not say it). */
  query: string;
}

/** The translated body once the web search is applied (stream fields are added last). */
export type BodyWithWebSearch = Omit<OpenAIChatRequestFromAnthropic, 'stream' | 'stream_options'>;

const translatedToolFields = new Set(['type', 'name', 'max_uses', 'allowed_domains', 'blocked_domains', 'user_location', 'cache_control']);

/** OpenRouter returns 5 results per search unless told otherwise. */
const openRouterResultsPerSearch = 5;

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((item): item is string => typeof item === 'string' && item !== '');
  return list.length > 0 ? list : undefined;
}

interface Location {
  city?: string;
  country?: string;
  region?: string;
  timezone?: string;
}

function locationOf(value: unknown): Location | undefined {
  if (!isRecord(value)) return undefined;
  const location: Location = {};
  for (const key of ['city', 'country', 'region', 'timezone'] as const) {
    const field = value[key];
    if (typeof field === 'string' && field !== '') location[key] = field;
  }
  return Object.keys(location).length > 0 ? location : undefined;
}

function warnAboutUntranslatedFields(tool: AnthropicTool, field: string, warnings: TranslationWarning[]): void {
  for (const key of Object.keys(tool)) {
    if (translatedToolFields.has(key)) continue;
    warnings.push({ code: 'dropped_field', message: `The web search tool's \`${key}\` has no equivalent on this backend; it was dropped.`, field: `${field}.${key}` });
  }
}

function openRouterTool(tool: AnthropicTool, field: string, warnings: TranslationWarning[]): OpenRouterWebSearchTool {
  const parameters: NonNullable<OpenRouterWebSearchTool['parameters']> = {};
  const allowed = stringList(tool.allowed_domains);
  const blocked = stringList(tool.blocked_domains);
  if (allowed !== undefined) parameters.allowed_domains = allowed;
  if (blocked !== undefined && allowed !== undefined) {
    warnings.push({ code: 'dropped_field', message: 'OpenRouter takes allowed_domains or excluded_domains, not both; blocked_domains was dropped.', field: `${field}.blocked_domains` });
  } else if (blocked !== undefined) parameters.excluded_domains = blocked;
  if (typeof tool.max_uses === 'number' && tool.max_uses > 0) parameters.max_total_results = tool.max_uses * openRouterResultsPerSearch;
  const location = locationOf(tool.user_location);
  if (location !== undefined) parameters.user_location = { type: 'approximate', ...location };
  return Object.keys(parameters).length > 0 ? { type: 'openrouter:web_search', parameters } : { type: 'openrouter:web_search' };
}

function openAISearchOptions(tool: AnthropicTool, field: string, warnings: TranslationWarning[]): OpenAIWebSearchOptions {
  for (const key of ['allowed_domains', 'blocked_domains'] as const) {
    if (stringList(tool[key]) === undefined) continue;
    warnings.push({
      code: 'dropped_field',
      message: `OpenAI's search models take no domain filter; the web search tool's ${key} was dropped and results may come from any site.`,
      field: `${field}.${key}`,
    });
  }
  const location = locationOf(tool.user_location);
  return location === undefined ? {} : { user_location: { type: 'approximate', approximate: location } };
}

function choiceFor(tools: AnthropicTool[], search: AnthropicTool, choice: AnthropicToolChoice | undefined): { forced: boolean; otherToolChoice: AnthropicToolChoice | undefined } {
  const namesSearch = choice?.type === 'tool' && choice.name === search.name;
  const onlySearch = tools.length === 0;
  if (namesSearch || (onlySearch && choice?.type === 'any')) return { forced: true, otherToolChoice: undefined };
  return { forced: false, otherToolChoice: onlySearch ? undefined : choice };
}

/**
 * How the request's web search tool goes to this backend, or undefined when there is none, the
 * backend cannot search, or `tool_choice: none` asks for no tool at all.
 */
export function planWebSearch(
  request: AnthropicMessagesRequest,
  context: TranslationContext,
  warnings: TranslationWarning[],
): WebSearchPlan | undefined {
  const capability = context.capabilities.webSearch;
  const tools = request.tools ?? [];
  const searchIndex = tools.findIndex(isWebSearchTool);
  const search = tools[searchIndex];
  if (capability === 'none' || search === undefined || request.tool_choice?.type === 'none') return undefined;
  const field = `tools[${searchIndex}]`;
  warnAboutUntranslatedFields(search, field, warnings);
  tools.forEach((tool, index) => {
    if (index === searchIndex || !isWebSearchTool(tool)) return;
    warnings.push({ code: 'dropped_tool', message: 'A second web search tool was dropped; the first one is served.', field: `tools[${index}]` });
  });
  const otherTools = tools.filter((tool) => !isWebSearchTool(tool));
  const plan: WebSearchPlan = { otherTools, ...choiceFor(otherTools, search, request.tool_choice), query: searchQueryOf(request.messages) };
  if (capability === 'openrouter') plan.serverTool = openRouterTool(search, field, warnings);
  else plan.webSearchOptions = openAISearchOptions(search, field, warnings);
  return plan;
}

/** The body with the plan applied: OpenRouter's server tool after the function tools, or `web_search_options`. */
export function applyWebSearchPlan(body: ConvertedRequestBody, plan: WebSearchPlan | undefined): BodyWithWebSearch {
  if (plan === undefined) return body;
  if (plan.serverTool !== undefined) {
    const withTool: BodyWithWebSearch = { ...body, tools: [...(body.tools ?? []), plan.serverTool] };
    // Forcing one server tool is OpenRouter's `tool_choice: {type: "openrouter:web_search"}`.
    if (plan.forced) withTool.tool_choice = { type: 'openrouter:web_search' };
    return withTool;
  }
  return { ...body, web_search_options: plan.webSearchOptions ?? {} };
}
