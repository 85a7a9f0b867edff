/**
 * Web search in the Responses answer: a `web_search_call` item where the search happened (its
 * status events, the query and the pages found as `action`), and citations as `url_citation`
 * annotations of the output text — from Claude's own search (the scripted Anthropic stream) and
 * from a Chat backend's search through the middle step (the scripted OpenRouter and OpenAI
 * streams, SOURCES.md), streamed (whole and byte-split) and not, each stream strictly valid.
 */
import { sseDataPayloads } from '../../../test/support/sse-data-payloads.js';
import { describe, expect, it } from 'vitest';
import type { AnthropicMessage, AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import type { ResponsesStreamEvent } from '../../protocols/openai-responses/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readAnthropicFixtureBytes } from '../../../test/support/replay-anthropic-stream.js';
import { everyNthOffset, readUpstreamFixture, replayOpenAIStream } from '../../../test/support/replay-openai-stream.js';
import { validateResponsesEvents } from '../../../test/support/responses-stream-validator.js';
import { convertOpenAIResponseToAnthropic } from '../anthropic-on-openai-chat/convert-response.js';
import { createOpenAIToAnthropicStreamTranslator } from '../anthropic-on-openai-chat/stream-translator.js';
import { convertAnthropicMessageToResponse } from './convert-response.js';
import { convertResponsesTools } from './convert-tools.js';
import { createAnthropicToResponsesStreamTranslator } from './stream-translator.js';

const { toolMap } = convertResponsesTools([], []);
const echo = { model: 'gpt-5-codex' };
const webSearch = { query: 'vitest 4 release', alwaysSearches: false };

/** Anthropic SSE bytes (cut at `splits`) -> Anthropic events. */
function anthropicEventsOf(bytes: Uint8Array, splits: readonly number[] = []): AnthropicStreamEvent[] {
  return sseDataPayloads(bytes, splits).map((data) => JSON.parse(data) as AnthropicStreamEvent);
}

function toResponses(events: readonly AnthropicStreamEvent[]) {
  const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, toolMap);
  const out = [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
  return { out, translator };
}

const types = (out: ResponsesStreamEvent[]) => out.map((event) => event.type);

describe("Claude's own web search (stream-web-search-citations.sse)", () => {
  const bytes = readAnthropicFixtureBytes('stream-web-search-citations.sse');
  const { out, translator } = toResponses(anthropicEventsOf(bytes));

  it('is strictly valid, however its bytes are split: a message, the search, the cited answer', () => {
    const result = validateResponsesEvents(out, 'strict');
    expect(result.items.map((item) => item.type)).toEqual(['message', 'web_search_call', 'message']);
    for (const size of [1, 29]) expect(toResponses(anthropicEventsOf(bytes, everyNthOffset(bytes.length, size))).out).toEqual(out);
  });

  it('gives the search its status events in order and, when done, the query and the pages found', () => {
    const search = out.filter((event) => event.type.startsWith('response.web_search_call.'));
    expect(search.map((event) => event.type)).toEqual(['response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed']);
    expect(translator.final?.output[1]).toEqual({
      type: 'web_search_call',
      id: 'ws_1',
      status: 'completed',
      action: { type: 'search', query: 'vitest 4 release', sources: [{ type: 'url', url: 'https://vitest.dev/blog/vitest-4' }, { type: 'url', url: 'https://github.com/vitest-dev/vitest/releases' }] },
    });
  });

  it('annotates the cited part with both pages, over the whole part (Claude cites a block, quoting the page)', () => {
    const answer = translator.final?.output[2];
    expect(answer?.type).toBe('message');
    const parts = answer?.type === 'message' ? answer.content : [];
    const cited = 'Vitest 4.0 was released in October 2025 with a stable Browser Mode 🎉';
    expect(parts.map((part) => (part.type === 'output_text' ? [part.text, part.annotations.length] : []))).toEqual([['Based on the search results, ', 0], [cited, 2], ['.', 0]]);
    const length = Array.from(cited).length;
    expect(parts[1]).toMatchObject({
      annotations: [
        { type: 'url_citation', url: 'https://vitest.dev/blog/vitest-4', title: 'Vitest 4.0 is out!', start_index: 0, end_index: length },
        { type: 'url_citation', url: 'https://github.com/vitest-dev/vitest/releases', title: 'Releases · vitest-dev/vitest', start_index: 0, end_index: length },
      ],
    });
    // The annotations go out once the part's text is whole, before its output_text.done.
    const added = out.findIndex((event) => event.type === 'response.output_text.annotation.added');
    expect(types(out).slice(added, added + 4)).toEqual(['response.output_text.annotation.added', 'response.output_text.annotation.added', 'response.output_text.done', 'response.content_part.done']);
    expect(translator.warnings).toEqual([]);
  });
});

describe.each(['openai-chat/openrouter/stream-web-search-citations.sse', 'openai-chat/openai/stream-search-preview-citations.sse'])('a Chat backend searching (%s), through the middle step', (fixture) => {
  const replay = (splits: readonly number[] = []) => {
    const toAnthropic = createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext(), { webSearch });
    return toResponses(replayOpenAIStream(readUpstreamFixture(fixture), toAnthropic, splits));
  };
  const { out, translator } = replay();

  it('is strictly valid, split or not: the cited answer, then the search where its citations arrived', () => {
    const result = validateResponsesEvents(out, 'strict');
    expect(result.items.map((item) => item.type)).toEqual(['message', 'web_search_call']);
    expect(replay(everyNthOffset(readUpstreamFixture(fixture).length, 7)).out).toEqual(out);
    expect(translator.final?.output[1]).toMatchObject({ type: 'web_search_call', status: 'completed', action: { type: 'search', query: webSearch.query } });
  });

  it("keeps the backend's own spans: each annotation covers the text the backend annotated", () => {
    const message = translator.final?.output[0];
    const part = message?.type === 'message' ? message.content[0] : undefined;
    if (part?.type !== 'output_text') throw new Error('no output text');
    expect(part.annotations).toHaveLength(2);
    for (const annotation of part.annotations as Array<{ start_index: number; end_index: number; url: string }>) {
      const span = Array.from(part.text).slice(annotation.start_index, annotation.end_index).join('');
      expect(span).toContain(new URL(annotation.url).hostname);
      expect(annotation.end_index).toBeGreaterThan(annotation.start_index);
    }
  });
});

describe('web search in a whole answer and a failed search', () => {
  it('a non-streamed Chat answer with citations becomes a message with annotations and a web_search_call', () => {
    const completion = JSON.parse(new TextDecoder().decode(readUpstreamFixture('openai-chat/openrouter/nonstream-web-search-citations.json')));
    const message = convertOpenAIResponseToAnthropic(completion, createFixedTranslationContext(), { webSearch }).value;
    const { value } = convertAnthropicMessageToResponse(message, createFixedTranslationContext(), echo, toolMap);
    expect(value.output.map((item) => item.type)).toContain('web_search_call');
    const annotations = value.output.flatMap((item) => (item.type === 'message' ? item.content.flatMap((part) => (part.type === 'output_text' ? part.annotations : [])) : []));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatchObject({ type: 'url_citation', url: 'https://vitest.dev/blog/vitest-4' });
  });

  it('a search that failed (web_search_tool_result_error) is done as failed, without the completed event', () => {
    const message: AnthropicMessage = {
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 9, output_tokens: 4 },
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: { type: 'web_search_tool_result_error', error_code: 'max_uses_exceeded' } as unknown as [] },
        { type: 'text', text: 'I could not search.' },
      ],
    };
    const { value } = convertAnthropicMessageToResponse(message, createFixedTranslationContext(), echo, toolMap);
    expect(value.output[0]).toEqual({ type: 'web_search_call', id: 'ws_1', status: 'failed', action: { type: 'search', query: 'q' } });
    const events = toResponses([
      { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
      { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: message.content[1] as Extract<AnthropicMessage['content'][number], { type: 'web_search_tool_result' }> },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 4 } },
      { type: 'message_stop' },
    ]).out;
    expect(validateResponsesEvents(events, 'strict').items.map((item) => item.type)).toEqual(['web_search_call']);
    expect(types(events)).not.toContain('response.web_search_call.completed');
  });

  it('leaves a citation of a document (not a web page) out of the annotations, with a warning', () => {
    const message: AnthropicMessage = {
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 9, output_tokens: 4 },
      content: [{ type: 'text', text: 'The grass is green.', citations: [{ type: 'char_location', cited_text: 'The grass is green.', document_index: 0, start_char_index: 0, end_char_index: 20 }] }],
    };
    const { value, warnings } = convertAnthropicMessageToResponse(message, createFixedTranslationContext(), echo, toolMap);
    expect(value.output[0]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'The grass is green.', annotations: [] }] });
    expect(warnings.map((warning) => warning.field)).toEqual(['citations']);
  });
});
