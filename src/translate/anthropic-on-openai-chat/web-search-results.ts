/**
 * A searching backend's `url_citation` annotations -> Anthropic's web search blocks: a
 * `server_tool_use` (id `srvtoolu_…`, the request's query), a `web_search_tool_result` with one
 * `web_search_result` per cited URL, and `web_search_result_location` citations for text.
 * Claude Code counts searches and lists sources only from these blocks.
 *
 * Annotations are read liberally: OpenAI and OpenRouter nest the fields under `url_citation`
 * (OpenRouter adds the page's `content`); some servers flatten them onto the annotation.
 * `encrypted_content` / `encrypted_index` are opaque to clients, which echo them back: here they
 * are `cpxw1.` + base64url JSON of what was cited, the same for the same citation every time.
 * @see https://platform.openai.com/docs/api-reference/chat/object (message.annotations)
 * @see https://openrouter.ai/docs/guides/features/server-tools/web-search
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
 */
import { isRecord } from '../../json/is-record.js';
import type {
  AnthropicServerToolUseBlock,
  AnthropicWebSearchResult,
  AnthropicWebSearchResultLocation,
  AnthropicWebSearchToolResultBlock,
} from '../../protocols/anthropic/types.js';
import { encodeBase64UrlJson } from '../base64url-json.js';
import type { TranslationContext } from '../types.js';

/** One cited page. Indexes count characters (code points) of the answer's text. */
export interface UrlCitation {
  url: string;
  title: string;
  content: string | undefined;
  startIndex: number | undefined;
  endIndex: number | undefined;
}

const opaquePrefix = 'cpxw1.';

/** Anthropic's `cited_text` holds up to 150 characters. */
const citedTextLimit = 150;

function optionalIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function readCitation(annotation: unknown): UrlCitation | undefined {
  if (!isRecord(annotation) || (annotation['type'] !== undefined && annotation['type'] !== 'url_citation')) return undefined;
  const fields = isRecord(annotation['url_citation']) ? annotation['url_citation'] : annotation;
  const url = fields['url'];
  if (typeof url !== 'string' || url === '') return undefined;
  const title = typeof fields['title'] === 'string' && fields['title'] !== '' ? fields['title'] : url;
  const content = typeof fields['content'] === 'string' && fields['content'] !== '' ? fields['content'] : undefined;
  return { url, title, content, startIndex: optionalIndex(fields['start_index']), endIndex: optionalIndex(fields['end_index']) };
}

/** The `url_citation` annotations in `annotations` (anything else is skipped). */
export function readUrlCitations(annotations: unknown): UrlCitation[] {
  if (!Array.isArray(annotations)) return [];
  return annotations.map(readCitation).filter((citation): citation is UrlCitation => citation !== undefined);
}

/** The backend's own count of searches (OpenRouter: `usage.server_tool_use.web_search_requests`). */
export function webSearchRequestsOf(usage: unknown): number | undefined {
  const serverToolUse = isRecord(usage) ? usage['server_tool_use'] : undefined;
  const count = isRecord(serverToolUse) ? serverToolUse['web_search_requests'] : undefined;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}

/** The citations' distinct pages, in order of first citation. */
export function distinctPages(citations: UrlCitation[], alreadyListed: ReadonlySet<string> = new Set()): UrlCitation[] {
  const seen = new Set(alreadyListed);
  return citations.filter((citation) => {
    if (seen.has(citation.url)) return false;
    seen.add(citation.url);
    return true;
  });
}

function searchResult(page: UrlCitation): AnthropicWebSearchResult {
  const cited = page.content === undefined ? { url: page.url, title: page.title } : { url: page.url, title: page.title, content: page.content };
  return { type: 'web_search_result', url: page.url, title: page.title, encrypted_content: opaquePrefix + encodeBase64UrlJson(cited), page_age: null };
}

/** One search: its `server_tool_use` and its result listing `pages`. */
export function webSearchBlocks(
  context: TranslationContext,
  query: string,
  pages: UrlCitation[],
): [AnthropicServerToolUseBlock, AnthropicWebSearchToolResultBlock] {
  const id = context.newId('srvtoolu_');
  return [
    { type: 'server_tool_use', id, name: 'web_search', input: { query } },
    { type: 'web_search_tool_result', tool_use_id: id, content: pages.map(searchResult) },
  ];
}

/** The citation of `citation` for a text block; `answerSpan` is the cited part of the answer, if known. */
export function citationLocation(citation: UrlCitation, answerSpan: string | undefined): AnthropicWebSearchResultLocation {
  const cited = Array.from(citation.content ?? answerSpan ?? '').slice(0, citedTextLimit).join('');
  const where = { url: citation.url, start: citation.startIndex ?? null, end: citation.endIndex ?? null };
  return { type: 'web_search_result_location', url: citation.url, title: citation.title, encrypted_index: opaquePrefix + encodeBase64UrlJson(where), cited_text: cited };
}

/** The characters `[start, end)` of `text`, when the citation's indexes fit it. */
export function citedSpan(chars: readonly string[], citation: UrlCitation): string | undefined {
  const { startIndex: start, endIndex: end } = citation;
  if (start === undefined || end === undefined || start >= end || end > chars.length) return undefined;
  return chars.slice(start, end).join('');
}
