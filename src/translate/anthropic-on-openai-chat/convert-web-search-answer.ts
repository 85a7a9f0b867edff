/**
 * The text of a complete (non-streamed) answer, with its `url_citation` annotations, -> Anthropic
 * blocks in Anthropic's order: `server_tool_use`, `web_search_tool_result`, then the text split at
 * the cited spans, each cited span a text block with its `web_search_result_location` citations
 * (as Anthropic splits cited text). A citation whose indexes do not fit the text cites the first
 * cited block, or the whole text. One search is reported per answer: an OpenAI-style answer lists
 * the pages it cited, not which search found which page.
 * Only when the request asked for web search; otherwise annotations are dropped with a warning.
 */
import type { AnthropicResponseContentBlock, AnthropicServerToolUsage, AnthropicWebSearchResultLocation } from '../../protocols/anthropic/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { WebSearchRequested } from './converted-request-types.js';
import { citationLocation, citedSpan, distinctPages, readUrlCitations, webSearchBlocks, webSearchRequestsOf, type UrlCitation } from './web-search-results.js';

type TextBlock = { type: 'text'; text: string; citations?: AnthropicWebSearchResultLocation[] };

export interface WebSearchAnswer {
  blocks: AnthropicResponseContentBlock[];
  /** For `usage.server_tool_use`; undefined when the request did not ask for web search. */
  serverToolUse: AnthropicServerToolUsage | undefined;
}

/** Whitespace-only text blocks (Anthropic refuses them when echoed back) join a neighbour. */
function withoutBlankBlocks(blocks: TextBlock[]): TextBlock[] {
  const merged: TextBlock[] = [];
  let carry = '';
  for (const block of blocks) {
    const last = merged.at(-1);
    if (block.text.trim() !== '') {
      merged.push({ ...block, text: carry + block.text });
      carry = '';
    } else if (last !== undefined) {
      last.text += block.text;
      if (block.citations !== undefined) last.citations = [...(last.citations ?? []), ...block.citations];
    } else carry += block.text;
  }
  return merged;
}

/** `text` split at the cited spans; every citation lands on some block. */
export function citedTextBlocks(text: string, citations: UrlCitation[]): TextBlock[] {
  const chars = Array.from(text);
  const placed = citations.filter((citation) => citedSpan(chars, citation) !== undefined).sort((a, b) => (a.startIndex ?? 0) - (b.startIndex ?? 0));
  const unplaced = citations.filter((citation) => citedSpan(chars, citation) === undefined);
  const blocks: TextBlock[] = [];
  let cursor = 0;
  for (const citation of placed) {
    const start = citation.startIndex ?? 0;
    const span = citedSpan(chars, citation) ?? '';
    const previous = blocks.at(-1);
    if (start < cursor) {
      // Overlaps the span before: that block cites this page too.
      previous?.citations?.push(citationLocation(citation, span));
      continue;
    }
    if (start > cursor) blocks.push({ type: 'text', text: chars.slice(cursor, start).join('') });
    blocks.push({ type: 'text', text: span, citations: [citationLocation(citation, span)] });
    cursor = citation.endIndex ?? cursor;
  }
  if (cursor < chars.length) blocks.push({ type: 'text', text: chars.slice(cursor).join('') });
  const target = blocks.find((block) => block.citations !== undefined) ?? blocks[0];
  if (target !== undefined && unplaced.length > 0) {
    target.citations = [...(target.citations ?? []), ...unplaced.map((citation) => citationLocation(citation, undefined))];
  }
  return withoutBlankBlocks(blocks);
}

/**
 * The blocks for an answer's text. `annotations` and `usage` are the backend's
 * (`message.annotations`, the completion's `usage`).
 */
export function convertWebSearchAnswer(
  text: string,
  annotations: unknown,
  usage: unknown,
  context: TranslationContext,
  webSearch: WebSearchRequested | undefined,
  warnings: TranslationWarning[],
): WebSearchAnswer {
  const hasText = text.trim() !== '';
  const citations = readUrlCitations(annotations);
  if (webSearch === undefined) {
    if (citations.length > 0) {
      warnings.push({ code: 'unrequested_citations', message: `${citations.length} url_citation annotation(s) dropped: the request asked for no web search.`, field: 'choices[0].message.annotations' });
    }
    return { blocks: hasText ? [{ type: 'text', text }] : [], serverToolUse: undefined };
  }
  const backendSearches = webSearchRequestsOf(usage);
  // A backend that searched and cited nothing still searched: an empty result says so.
  const searched = citations.length > 0 || (backendSearches ?? 0) > 0 || webSearch.alwaysSearches;
  const searchBlocks = searched ? webSearchBlocks(context, webSearch.query, distinctPages(citations)) : [];
  const textBlocks = hasText ? citedTextBlocks(text, citations) : [];
  return { blocks: [...searchBlocks, ...textBlocks], serverToolUse: { web_search_requests: backendSearches ?? (searched ? 1 : 0) } };
}
