/**
 * Codex's client-executed tool search in the history (test/fixtures/clients/codex/NOTES.md, "Tool
 * search"): the model's `tool_search_call` becomes a call of the `tool_search` tool, and the
 * client's `tool_search_output` becomes its result — one `tool_reference` block per tool it
 * loaded, as Anthropic's client-side tool search returns them, with those tools declared
 * deferred (convert-tools). A search the server ran (OpenAI's hosted tool search) has no
 * counterpart here: its items are left out with a warning, never a 400.
 * @see https://platform.claude.com/docs/en/agents-and-tools/tool-use/tool-search-tool
 */
import { isRecord } from '../../json/is-record.js';
import type { AnthropicContentBlockParam, AnthropicToolResultBlock, AnthropicToolUseBlock } from '../../protocols/anthropic/types.js';
import type { ResponsesRequest, ResponsesTool, ResponsesToolSearchCallItem, ResponsesToolSearchOutputItem, ResponsesToolSearchTool } from '../../protocols/openai-responses/types.js';
import type { TranslationWarning } from '../types.js';
import { toolReferencesText } from '../anthropic-on-openai-chat/convert-content-blocks.js';
import { backendToolNamesOf, TOOL_SEARCH_NAME, type LoadedTool } from './convert-tools.js';

function isClientSearch(item: { execution?: unknown }): boolean {
  // Codex always says `client`; an item without `execution` is taken as the client's too.
  return item.execution === undefined || item.execution === 'client';
}

function loadedToolsOf(item: ResponsesToolSearchOutputItem): ResponsesTool[] {
  return Array.isArray(item.tools) ? item.tools.filter((tool): tool is ResponsesTool => isRecord(tool) && typeof tool['type'] === 'string') : [];
}

/** Whether the request declares a client-executed tool search (what lets its results load tools). */
export function declaresClientToolSearch(tools: readonly ResponsesTool[] | undefined): boolean {
  return (tools ?? []).some((tool) => tool.type === 'tool_search' && (tool as ResponsesToolSearchTool).execution === 'client');
}

/**
 * Every tool the history's client-side searches loaded, in order — none when the request declares
 * no client tool search (Codex's own compaction request sends `tools: []`): deferred tools without
 * a search would be unreachable, and their results are then told as text.
 */
export function toolsLoadedBySearch(request: Pick<ResponsesRequest, 'input' | 'tools'>): LoadedTool[] {
  const { input } = request;
  if (typeof input === 'string' || !declaresClientToolSearch(request.tools)) return [];
  return input.flatMap((item, index) => {
    if (item.type !== 'tool_search_output' || !isClientSearch(item as ResponsesToolSearchOutputItem)) return [];
    return loadedToolsOf(item as ResponsesToolSearchOutputItem).map((tool, toolIndex) => ({ tool, field: `input[${index}].tools[${toolIndex}]` }));
  });
}

function serverSearchLeftOut(field: string, warnings: TranslationWarning[]): undefined {
  warnings.push({ code: 'dropped_message', message: 'A tool search run by the server (OpenAI\'s hosted tool search) has no equivalent on this backend; left out.', field });
  return undefined;
}

/** A `tool_search_call` -> the assistant's call of `tool_search` (undefined: left out). */
export function toolSearchCallBlock(item: ResponsesToolSearchCallItem, field: string, warnings: TranslationWarning[]): AnthropicToolUseBlock | undefined {
  if (!isClientSearch(item)) return serverSearchLeftOut(field, warnings);
  if (typeof item.call_id !== 'string' || item.call_id === '') {
    warnings.push({ code: 'dropped_tool_call', message: 'A tool_search_call without a call_id was left out.', field });
    return undefined;
  }
  return { type: 'tool_use', id: item.call_id, name: TOOL_SEARCH_NAME, input: isRecord(item.arguments) ? item.arguments : {} };
}

/**
 * A `tool_search_output` -> the result of that call: the tools it loaded, by their backend names
 * (`loads`: as `tool_reference` blocks, the request declaring the search; else as text).
 */
export function toolSearchOutputBlock(item: ResponsesToolSearchOutputItem, field: string, loads: boolean, warnings: TranslationWarning[]): AnthropicToolResultBlock | undefined {
  if (!isClientSearch(item)) return serverSearchLeftOut(field, warnings);
  if (typeof item.call_id !== 'string' || item.call_id === '') {
    warnings.push({ code: 'dropped_message', message: 'A tool_search_output without a call_id was left out.', field });
    return undefined;
  }
  const names = loadedToolsOf(item).flatMap(backendToolNamesOf);
  if (names.length === 0) return { type: 'tool_result', tool_use_id: item.call_id, content: 'No matching tools were found.' };
  const content: AnthropicContentBlockParam[] = loads ? names.map((name) => ({ type: 'tool_reference', tool_name: name })) : [{ type: 'text', text: toolReferencesText(names) }];
  return { type: 'tool_result', tool_use_id: item.call_id, content };
}
