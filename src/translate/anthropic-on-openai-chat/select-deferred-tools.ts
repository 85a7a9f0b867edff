/**
 * Tool search (`defer_loading`) for a backend that has none.
 *
 * On Anthropic a tool marked `defer_loading: true` stays out of the model's context until a tool
 * search has found it: a `tool_reference` block (in a `tool_result` of a client-side search such
 * as Claude Code's `ToolSearch`, or in a server `tool_search_tool_result`) loads it. An
 * OpenAI-compatible backend knows no deferral — every function it is sent is callable — so a
 * deferred tool is sent only once the conversation has referenced it. That is what deferral means,
 * and it keeps dozens of unused schemas (and Claude Code's "never call this" placeholder) out of
 * the backend's context.
 *
 * A tool counts as loaded when a `tool_reference` names it, an earlier assistant turn called it, or
 * `tool_choice` names it. When the request's only way to find deferred tools is Anthropic's server
 * search tool (`tool_search_tool_regex_*`, `tool_search_tool_bm25_*`), which no OpenAI-compatible
 * backend runs, every deferred tool is sent instead, with a warning: callable beats unreachable.
 * @see https://platform.claude.com/docs/en/agents-and-tools/tool-use/tool-search-tool
 */
import type { AnthropicMessageParam, AnthropicTool, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { TranslationWarning } from '../types.js';
import { isRecord } from '../../json/is-record.js';

export function isDeferredTool(tool: AnthropicTool): boolean {
  return tool.defer_loading === true;
}

function isServerToolSearch(tool: AnthropicTool): boolean {
  return typeof tool.type === 'string' && tool.type.startsWith('tool_search_tool_');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** Names in `tool_reference` blocks (`{type:"tool_reference", tool_name}`) of a content list. */
function addReferences(content: unknown, names: Set<string>): void {
  if (!Array.isArray(content)) return;
  for (const item of content) {
    const block = record(item);
    if (block?.type === 'tool_reference' && typeof block.tool_name === 'string') names.add(block.tool_name);
  }
}

function addBlockReferences(value: unknown, names: Set<string>): void {
  const block = record(value);
  if (block === undefined) return;
  switch (block.type) {
    case 'tool_result':
      addReferences(block.content, names);
      return;
    case 'tool_use':
      if (typeof block.name === 'string') names.add(block.name);
      return;
    case 'tool_search_tool_result':
      // Server search result: `content: {type: "tool_search_tool_search_result", tool_references: [...]}`.
      addReferences(record(block.content)?.tool_references, names);
      return;
    default:
  }
}

/** Every tool name the conversation has loaded: referenced by a search result or called. */
export function referencedToolNames(messages: AnthropicMessageParam[]): Set<string> {
  const names = new Set<string>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) addBlockReferences(block, names);
  }
  return names;
}

/**
 * The tools to translate for an OpenAI-compatible backend: all tools that are not deferred, and
 * the deferred ones the conversation has loaded (see the module comment).
 */
export function selectLoadedTools(
  tools: AnthropicTool[] | undefined,
  messages: AnthropicMessageParam[],
  toolChoice: AnthropicToolChoice | undefined,
  warnings: TranslationWarning[],
): AnthropicTool[] | undefined {
  if (tools === undefined || !tools.some(isDeferredTool)) return tools;
  if (tools.some(isServerToolSearch)) {
    warnings.push({
      code: 'loaded_deferred_tools',
      message:
        'The backend cannot run Anthropic\'s server-side tool search; every tool marked defer_loading was sent as an ordinary tool.',
      field: 'tools',
    });
    return tools;
  }
  const loaded = referencedToolNames(messages);
  if (toolChoice?.type === 'tool') loaded.add(toolChoice.name);
  return tools.filter((tool) => !isDeferredTool(tool) || loaded.has(tool.name));
}
