/**
 * Web search blocks of earlier assistant turns (`server_tool_use` + `web_search_tool_result`,
 * from Anthropic or minted by this proxy) -> assistant text. An OpenAI-compatible backend has no
 * such blocks, and dropping them would leave the model not knowing what it found; so the search
 * and its hits (title and URL; `encrypted_content` is opaque and stays behind) become a short
 * text, and a warning says so. A failed search (`web_search_tool_result_error`) says why.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
 */
import { isRecord } from '../../json/is-record.js';
import type { TranslationWarning } from '../types.js';

/** The block types this file turns into text. */
export function isWebSearchHistoryBlock(block: { type: string }): boolean {
  return block.type === 'server_tool_use' || block.type === 'web_search_tool_result';
}

function searchText(block: Record<string, unknown>): string {
  const input = block['input'];
  const query = isRecord(input) && typeof input['query'] === 'string' ? input['query'] : '';
  const name = typeof block['name'] === 'string' ? block['name'] : 'server tool';
  if (name !== 'web_search') return `[${name} call: ${JSON.stringify(input ?? {})}]`;
  return `[Web search: ${JSON.stringify(query)}]`;
}

function hitLine(hit: unknown): string | undefined {
  if (!isRecord(hit) || typeof hit['url'] !== 'string') return undefined;
  const title = typeof hit['title'] === 'string' && hit['title'] !== '' ? hit['title'] : hit['url'];
  return `- ${title} (${hit['url']})`;
}

function resultText(block: Record<string, unknown>): string {
  const content = block['content'];
  if (!Array.isArray(content)) {
    const code = isRecord(content) && typeof content['error_code'] === 'string' ? content['error_code'] : 'unknown error';
    return `[Web search failed: ${code}]`;
  }
  const lines = content.map(hitLine).filter((line): line is string => line !== undefined);
  return lines.length === 0 ? '[Web search results: none]' : `[Web search results:\n${lines.join('\n')}]`;
}

/** The text that stands for one web search block of an assistant turn. */
export function webSearchHistoryText(block: { type: string }, field: string, warnings: TranslationWarning[]): string {
  const record = block as Record<string, unknown>;
  warnings.push({
    code: 'summarized_web_search',
    message: `A \`${block.type}\` block became assistant text (the backend has no web search blocks).`,
    field,
  });
  return block.type === 'server_tool_use' ? searchText(record) : resultText(record);
}
