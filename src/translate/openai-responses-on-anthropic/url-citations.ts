/**
 * Anthropic citations of a text block -> the Responses `url_citation` annotations of the content
 * part that block became. A `web_search_result_location` names the page (`url`, `title`) and a
 * `cited_text`; Responses wants the span of the part's text that cites it. Where the cited text
 * appears in the part (the Anthropic-on-Chat step writes the answer's own cited span there) that
 * span is the annotation's; otherwise (Claude's `cited_text` quotes the page, and its citation
 * covers the whole block, which Claude splits at cited spans) the whole part is. Indexes count
 * characters (code points), as the Chat step reads a backend's annotations.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool (citations)
 * @see https://platform.openai.com/docs/api-reference/responses/object (output_text annotations)
 */
import { isRecord } from '../../json/is-record.js';
import type { ResponsesUrlCitation } from '../../protocols/openai-responses/types.js';

/** What a citation says of the page it cites. */
export interface CitedPage {
  url: string;
  title: string;
  citedText: string;
}

/** A citation that names a web page (`web_search_result_location`); undefined for the others (documents, search results). */
export function citedPageOf(citation: unknown): CitedPage | undefined {
  if (!isRecord(citation) || citation['type'] !== 'web_search_result_location') return undefined;
  const url = citation['url'];
  if (typeof url !== 'string' || url === '') return undefined;
  const title = typeof citation['title'] === 'string' && citation['title'] !== '' ? citation['title'] : url;
  return { url, title, citedText: typeof citation['cited_text'] === 'string' ? citation['cited_text'] : '' };
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** The annotations of a finished part's `text`, one per cited page, in citation order. */
export function urlCitationsOf(text: string, pages: readonly CitedPage[]): ResponsesUrlCitation[] {
  const whole = codePointLength(text);
  return pages.map((page) => {
    const at = page.citedText === '' ? -1 : text.indexOf(page.citedText);
    const start = at === -1 ? 0 : codePointLength(text.slice(0, at));
    const end = at === -1 ? whole : start + codePointLength(page.citedText);
    return { type: 'url_citation', url: page.url, title: page.title, start_index: start, end_index: end };
  });
}
