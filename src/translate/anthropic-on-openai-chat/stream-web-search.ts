/**
 * Web search in the OpenAI -> Anthropic stream. Anthropic puts `server_tool_use` and
 * `web_search_tool_result` before the text that uses them; an OpenAI-style backend sends its
 * `url_citation` annotations with or after that text (usually on the last content chunk). The
 * translator never holds text back, so the search blocks go out where the annotations arrive:
 * the open block is closed (a text block first gets the annotations as `citations_delta`), then
 * `server_tool_use` (input as one `input_json_delta`, as Anthropic streams it) and the result
 * block (started whole, no deltas), at the next indexes; text after them opens a new block.
 * Annotations resent later add a search only for pages not listed yet. A backend that counted
 * searches (`usage.server_tool_use.web_search_requests`) but cited nothing, or one that always
 * searches (OpenAI's search models, whose streams may carry no annotations), gets an empty result
 * at the end. Without a web search request the annotations are dropped with a warning.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming (web search example)
 */
import type { AnthropicServerToolUsage } from '../../protocols/anthropic/types.js';
import { takeBlockIndex, warnOnce, type StreamScope, type WebSearchState } from './stream-state.js';
import { citationLocation, citedSpan, distinctPages, readUrlCitations, webSearchBlocks, type UrlCitation } from './web-search-results.js';

function citeInOpenText(scope: StreamScope, search: WebSearchState, citations: UrlCitation[]): void {
  const open = scope.state.open;
  if (open?.type !== 'text') return;
  const chars = Array.from(search.text);
  for (const citation of citations) {
    const key = `${citation.url}\u0000${citation.startIndex}\u0000${citation.endIndex}`;
    if (search.cited.has(key)) continue;
    search.cited.add(key);
    const citationBody = citationLocation(citation, citedSpan(chars, citation));
    scope.out.push({ type: 'content_block_delta', index: open.index, delta: { type: 'citations_delta', citation: citationBody } });
  }
}

function emitSearch(scope: StreamScope, search: WebSearchState, pages: UrlCitation[]): void {
  for (const page of pages) search.listed.add(page.url);
  search.searches += 1;
  const [use, result] = webSearchBlocks(scope.context, search.query, pages);
  const useIndex = takeBlockIndex(scope);
  scope.out.push(
    { type: 'content_block_start', index: useIndex, content_block: { type: 'server_tool_use', id: use.id, name: use.name, input: {} } },
    { type: 'content_block_delta', index: useIndex, delta: { type: 'input_json_delta', partial_json: JSON.stringify(use.input) } },
    { type: 'content_block_stop', index: useIndex },
  );
  const resultIndex = takeBlockIndex(scope);
  scope.out.push({ type: 'content_block_start', index: resultIndex, content_block: result }, { type: 'content_block_stop', index: resultIndex });
}

/** A delta's (or a closing chunk's message's) `annotations`. */
export function handleAnnotations(scope: StreamScope, annotations: unknown): void {
  const citations = readUrlCitations(annotations);
  if (citations.length === 0) return;
  const search = scope.state.webSearch;
  if (search === undefined) {
    return warnOnce(scope, { code: 'unrequested_citations', message: 'url_citation annotations dropped: the request asked for no web search.' });
  }
  citeInOpenText(scope, search, citations);
  const pages = distinctPages(citations, search.listed);
  if (pages.length > 0) emitSearch(scope, search, pages);
}

/** At the end: a search the backend ran (it counted one, or always searches) but never cited becomes one empty result. */
export function finishWebSearch(scope: StreamScope): void {
  const search = scope.state.webSearch;
  if (search === undefined || search.searches > 0) return;
  if ((search.backendSearches ?? 0) === 0 && !search.alwaysSearches) return;
  emitSearch(scope, search, []);
}

/** `usage.server_tool_use` of the final `message_delta` (undefined without a web search request). */
export function webSearchUsage(scope: StreamScope): AnthropicServerToolUsage | undefined {
  const search = scope.state.webSearch;
  return search === undefined ? undefined : { web_search_requests: search.backendSearches ?? search.searches };
}
