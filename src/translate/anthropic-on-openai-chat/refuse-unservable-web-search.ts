/**
 * Anthropic's web search is a server tool (`web_search_20250305`, ...): Anthropic runs the
 * searches. A backend with a `webSearch` capability runs them itself (convert-web-search-tool.ts);
 * this is the fallback for one that runs none: a request that exists only to search —
 * Claude Code's WebSearch tool sends a separate request whose only tool is this one — would be
 * answered from the model's memory as if it had searched. That is refused with a clear 400
 * (Claude Code shows the message and carries on). Beside other tools, the search tool is dropped
 * with a warning by convert-tools: the model never sees it, so it cannot believe it can search.
 */
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicTool, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { TranslationContext } from '../types.js';

/** Anthropic's web search server tool, whatever its version (`web_search_20250305`, `web_search_20260209`, ...). */
export function isWebSearchTool(tool: AnthropicTool): boolean {
  return typeof tool.type === 'string' && tool.type.startsWith('web_search_');
}

/**
 * Throws `TranslationError` when the request needs web search: every tool is a web search tool,
 * or `tool_choice` forces one.
 */
export function refuseUnservableWebSearch(
  tools: AnthropicTool[] | undefined,
  toolChoice: AnthropicToolChoice | undefined,
  context: TranslationContext,
): void {
  // `tool_choice: none` asks for no tool at all: nothing is lost by dropping the search tool.
  if (tools === undefined || tools.length === 0 || toolChoice?.type === 'none') return;
  const searchTools = tools.filter(isWebSearchTool);
  if (searchTools.length === 0) return;
  const forced = toolChoice?.type === 'tool' && searchTools.some((tool) => tool.name === toolChoice.name);
  if (searchTools.length < tools.length && !forced) return;
  const type = String(searchTools[0]?.type);
  throw new TranslationError(
    `The backend model "${context.backendModel}" cannot search the web: this request needs Anthropic's server-side web search tool (${type}), ` +
      'which this backend does not run. Route web search to a backend that searches (OpenRouter, or an OpenAI search model such as gpt-4o-search-preview; ' +
      'or set its webSearch capability in MODEL_CAPABILITIES), or answer without web search.',
    { param: 'tools' },
  );
}
