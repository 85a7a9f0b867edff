/**
 * The query to report in the answer's `server_tool_use` block. An OpenAI-compatible backend that
 * searches says which pages it cited, not what it searched for, so the query is taken from the
 * request: Claude Code's WebSearch asks "Perform a web search for the query: <query>" (captured in
 * test/fixtures/clients/claude-code/websearch-subrequest.json), and that query is reported; any
 * other client's latest user text stands for the query, shortened.
 */
import type { AnthropicMessageParam } from '../../protocols/anthropic/types.js';

const claudeCodeSearchPrompt = /^Perform a web search for the query:\s*([\s\S]+)$/;

/** Long enough for any real query; a pasted document is not one. */
const maxQueryLength = 500;

function textOf(message: AnthropicMessageParam): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text' && typeof (block as { text?: unknown }).text === 'string')
    .map((block) => block.text)
    .join('\n');
}

/** The search query of the latest user turn (empty when it has no text). */
export function searchQueryOf(messages: AnthropicMessageParam[]): string {
  const latest = messages.findLast((message) => message.role === 'user' && textOf(message).trim() !== '');
  const text = latest === undefined ? '' : textOf(latest).trim();
  const query = claudeCodeSearchPrompt.exec(text)?.[1]?.trim() ?? text;
  return query.length > maxQueryLength ? `${query.slice(0, maxQueryLength)}…` : query;
}
