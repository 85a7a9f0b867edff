/**
 * A searching backend's complete answer -> Anthropic web search blocks, in Anthropic's order, over
 * the scripted OpenRouter and OpenAI fixtures (test/fixtures/upstream/SOURCES.md, "Scripted from
 * documentation"), and the same message replayed as a stream passes the grammar validator.
 */
import { describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readFixture } from '../../../test/support/mock-openai-backend.js';
import type { AnthropicMessage, AnthropicWebSearchResultLocation } from '../../protocols/anthropic/types.js';
import type { OpenAIChatCompletion } from '../../protocols/openai/types.js';
import { decodeBase64UrlJson } from '../base64url-json.js';
import { anthropicMessageToStreamEvents } from '../anthropic-message-to-stream-events.js';
import { citedTextBlocks } from './convert-web-search-answer.js';
import { convertOpenAIResponseToAnthropic } from './convert-response.js';
import type { UrlCitation } from './web-search-results.js';
import type { WebSearchRequested } from './converted-request-types.js';

const openRouterAnswer = 'upstream/openai-chat/openrouter/nonstream-web-search-citations.json';
const openAIAnswer = 'upstream/openai-chat/openai/nonstream-search-preview-citations.json';
const query = 'vitest 4 release';

function load(fixture: string): OpenAIChatCompletion {
  return JSON.parse(readFixture(fixture)) as OpenAIChatCompletion;
}

function convert(response: OpenAIChatCompletion, webSearch: WebSearchRequested | null = { query, alwaysSearches: false }) {
  return convertOpenAIResponseToAnthropic(response, createFixedTranslationContext(), webSearch === null ? {} : { webSearch });
}

function textOf(message: AnthropicMessage): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

function citationsOf(message: AnthropicMessage): AnthropicWebSearchResultLocation[] {
  return message.content.flatMap((block) => (block.type === 'text' ? ((block.citations ?? []) as AnthropicWebSearchResultLocation[]) : []));
}

describe('OpenRouter answer with url_citation annotations', () => {
  const response = load(openRouterAnswer);
  const { value, warnings } = convert(response);

  it('becomes server_tool_use, web_search_tool_result, then the text split at the cited spans', () => {
    expect(value.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text', 'text', 'text', 'text', 'text']);
    expect(value.content[0]).toEqual({ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query } });
    expect(value.content[1]).toMatchObject({ type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1' });
    // Nothing of the text is lost or reordered by the split.
    expect(textOf(value)).toBe(response.choices[0]?.message.content);
    expect(warnings).toEqual([]);
  });

  it('lists each cited page with title, url, page_age null and a stable encrypted_content carrying the cited text', () => {
    const result = value.content[1];
    if (result?.type !== 'web_search_tool_result') throw new Error('no result block');
    expect(result.content.map(({ url, title, page_age }) => ({ url, title, page_age }))).toEqual([
      { url: 'https://vitest.dev/blog/vitest-4', title: 'Vitest 4.0 is out! | Vitest', page_age: null },
      { url: 'https://github.com/vitest-dev/vitest/releases/tag/v4.0.0', title: 'Release v4.0.0 · vitest-dev/vitest', page_age: null },
    ]);
    const [first] = result.content;
    expect(first?.encrypted_content).toMatch(/^cpxw1\./);
    expect(decodeBase64UrlJson(first!.encrypted_content.slice('cpxw1.'.length))).toMatchObject({ url: 'https://vitest.dev/blog/vitest-4', content: expect.stringContaining('October 22, 2025') });
    expect(convert(response).value.content[1]).toEqual(result);
  });

  it('cites each span with web_search_result_location (cited_text: the page content, at most 150 characters)', () => {
    const cited = value.content.filter((block) => block.type === 'text' && block.citations !== undefined);
    expect(cited.map((block) => (block.type === 'text' ? block.text : ''))).toEqual([
      '[vitest.dev](https://vitest.dev/blog/vitest-4)',
      '[github.com](https://github.com/vitest-dev/vitest/releases/tag/v4.0.0)',
    ]);
    for (const citation of citationsOf(value)) {
      expect(citation).toMatchObject({ type: 'web_search_result_location', encrypted_index: expect.stringMatching(/^cpxw1\./) });
      expect(citation.cited_text.length).toBeLessThanOrEqual(150);
    }
    expect(citationsOf(value)[0]?.cited_text).toMatch(/^Vitest 4.0 is out!/);
  });

  it("reports the backend's search count in usage.server_tool_use", () => {
    expect(value.usage.server_tool_use).toEqual({ web_search_requests: 1 });
  });

  it('streams, when the backend ignored stream: true, as a valid event sequence with the result block whole', () => {
    const events = anthropicMessageToStreamEvents(value);
    validateAnthropicEventStream(events);
    expect(events).toContainEqual({ type: 'content_block_start', index: 1, content_block: value.content[1] });
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({ usage: { server_tool_use: { web_search_requests: 1 } } });
  });
});

describe('OpenAI search model answer', () => {
  const { value } = convert(load(openAIAnswer), { query, alwaysSearches: true });

  it('gives the same blocks; cited_text falls back to the cited span of the answer', () => {
    expect(value.content.slice(0, 2).map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result']);
    expect(citationsOf(value).map((citation) => citation.cited_text)).toEqual([
      '[nodejs.org](https://nodejs.org/en/about/previous-releases?utm_source=openai)',
      '[nodejs.org](https://nodejs.org/en/blog/release/v25.0.0?utm_source=openai)',
    ]);
    // No count from the backend: one search per answer.
    expect(value.usage.server_tool_use).toEqual({ web_search_requests: 1 });
  });
});

describe('annotations without a web search request', () => {
  it('are dropped with a warning; the text stays whole', () => {
    const response = load(openRouterAnswer);
    const { value, warnings } = convert(response, null);
    expect(value.content).toEqual([{ type: 'text', text: response.choices[0]?.message.content }]);
    expect(value.usage.server_tool_use).toBeUndefined();
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'unrequested_citations' }));
  });
});

describe('a search that cited nothing', () => {
  it('with a backend count: an empty result block, then the text', () => {
    const response = load(openRouterAnswer);
    const message = { ...response.choices[0]!.message, annotations: [] };
    const { value } = convert({ ...response, choices: [{ ...response.choices[0]!, message }] });
    expect(value.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(value.content[1]).toMatchObject({ content: [] });
  });

  it('without any sign of a search: text only, zero searches', () => {
    const response = load(openAIAnswer);
    const message = { ...response.choices[0]!.message, annotations: [] };
    const { value } = convert({ ...response, choices: [{ ...response.choices[0]!, message }] });
    expect(value.content.map((block) => block.type)).toEqual(['text']);
    expect(value.usage.server_tool_use).toEqual({ web_search_requests: 0 });
  });

  it('from a backend that always searches (OpenAI search models): the search is still reported, with an empty result', () => {
    const response = load(openAIAnswer);
    const message = { ...response.choices[0]!.message, annotations: [] };
    const { value } = convert({ ...response, choices: [{ ...response.choices[0]!, message }] }, { query, alwaysSearches: true });
    expect(value.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(value.usage.server_tool_use).toEqual({ web_search_requests: 1 });
  });
});

describe('citedTextBlocks', () => {
  const page = (startIndex: number | undefined, endIndex: number | undefined, url = 'https://a.example'): UrlCitation => ({ url, title: 'A', content: undefined, startIndex, endIndex });

  it('counts code points, so a cited span after an emoji is cut where it should be', () => {
    const blocks = citedTextBlocks('🚀 see [a](x) now', [page(6, 12)]);
    expect(blocks.map((block) => block.text)).toEqual(['🚀 see ', '[a](x)', ' now']);
  });

  it('puts citations whose indexes do not fit on the first cited block, or on the whole text', () => {
    expect(citedTextBlocks('plain answer', [page(50, 60)])).toEqual([
      { type: 'text', text: 'plain answer', citations: [expect.objectContaining({ url: 'https://a.example', cited_text: '' })] },
    ]);
    const blocks = citedTextBlocks('one two three', [page(4, 7), page(undefined, undefined, 'https://b.example')]);
    expect(blocks[1]?.citations?.map((citation) => citation.url)).toEqual(['https://a.example', 'https://b.example']);
  });

  it('overlapping spans cite the earlier block; whitespace-only pieces join a neighbour', () => {
    const blocks = citedTextBlocks('[a](x) [b](y)', [page(0, 6), page(2, 5, 'https://b.example'), page(7, 13, 'https://c.example')]);
    expect(blocks.map((block) => block.text)).toEqual(['[a](x) ', '[b](y)']);
    expect(blocks[0]?.citations?.map((citation) => citation.url)).toEqual(['https://a.example', 'https://b.example']);
    expect(blocks.every((block) => block.text.trim() !== '')).toBe(true);
  });
});
