/**
 * Web search in the stream translator: the scripted OpenRouter and OpenAI streams (SOURCES.md,
 * "Scripted from documentation") replayed whole and split at every byte offset, through the
 * grammar validator; the search blocks come where the annotations arrive.
 */
import { describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { everyNthOffset, readUpstreamFixture, replayOpenAIStream } from '../../../test/support/replay-openai-stream.js';
import { summarizeAnthropicEvents } from '../../../test/support/summarize-anthropic-events.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { createOpenAIToAnthropicStreamTranslator, type StreamTranslatorOptions } from './stream-translator.js';

const openRouterStream = 'openai-chat/openrouter/stream-web-search-citations.sse';
const openAIStream = 'openai-chat/openai/stream-search-preview-citations.sse';
const webSearch = { query: 'vitest 4 release', alwaysSearches: false };

function translator(options: StreamTranslatorOptions = { webSearch }) {
  return createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext(), options);
}

function replay(fixture: string, splits: readonly number[] = [], options?: StreamTranslatorOptions) {
  const machine = translator(options);
  return { events: replayOpenAIStream(readUpstreamFixture(fixture), machine, splits), machine };
}

type BlockStart = Extract<AnthropicStreamEvent, { type: 'content_block_start' }>;

function blockStarts(events: AnthropicStreamEvent[]): BlockStart['content_block'][] {
  return events.filter((event): event is BlockStart => event.type === 'content_block_start').map((event) => event.content_block);
}

function chunk(delta: Record<string, unknown>, finish: string | null = null, usage?: Record<string, unknown>) {
  return { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage && { usage }) };
}

const citation = (url: string) => ({ type: 'url_citation', url_citation: { url, title: url.slice(8), start_index: 0, end_index: 5 } });

describe.each([openRouterStream, openAIStream])('%s with a web search request', (fixture) => {
  const whole = replay(fixture);

  it('is a valid stream: text, then server_tool_use + web_search_tool_result where the annotations came', () => {
    validateAnthropicEventStream(whole.events);
    expect(blockStarts(whole.events).map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect(summarizeAnthropicEvents(whole.events)).toMatchSnapshot();
  });

  it('streams the query as the server_tool_use input and lists the cited pages', () => {
    const [, use, result] = blockStarts(whole.events);
    expect(use).toEqual({ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} });
    expect(whole.events).toContainEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: JSON.stringify({ query: webSearch.query }) } });
    expect(result).toMatchObject({ type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1' });
    expect(result?.type === 'web_search_tool_result' && result.content).toHaveLength(2);
  });

  it('cites the pages in the text block before closing it', () => {
    const citations = whole.events.filter((event) => event.type === 'content_block_delta' && event.index === 0 && event.delta.type === 'citations_delta');
    expect(citations).toHaveLength(2);
  });

  it('reports the searches in the final usage', () => {
    expect(whole.events.find((event) => event.type === 'message_delta')).toMatchObject({ usage: { server_tool_use: { web_search_requests: 1 } } });
  });

  it('gives identical events however the bytes are split', () => {
    const expected = JSON.stringify(whole.events);
    const length = readUpstreamFixture(fixture).length;
    expect(JSON.stringify(replay(fixture, everyNthOffset(length, 1)).events)).toBe(expected);
    for (let offset = 1; offset < length; offset += 1) {
      if (JSON.stringify(replay(fixture, [offset]).events) !== expected) expect.fail(`split at byte ${offset} changed the output`);
    }
  });
});

describe('annotations in other places and orders', () => {
  it('before any text: the search blocks first, the text after them in a new block', () => {
    const machine = translator();
    const events = [
      ...machine.push(chunk({ role: 'assistant', annotations: [citation('https://a.example')] })),
      ...machine.push(chunk({ content: 'Answer.' }, 'stop')),
      ...machine.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(blockStarts(events).map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
  });

  it('a resent list adds nothing; a new page adds a second search', () => {
    const machine = translator();
    const events = [
      ...machine.push(chunk({ content: 'One. ', annotations: [citation('https://a.example')] })),
      ...machine.push(chunk({ annotations: [citation('https://a.example')] })),
      ...machine.push(chunk({ content: 'Two.', annotations: [citation('https://a.example'), citation('https://b.example')] }, 'stop')),
      ...machine.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(blockStarts(events).map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result', 'text', 'server_tool_use', 'web_search_tool_result']);
    const results = blockStarts(events).filter((block) => block.type === 'web_search_tool_result');
    expect(results.map((block) => block.type === 'web_search_tool_result' && block.content.map((page) => page.url))).toEqual([['https://a.example'], ['https://b.example']]);
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({ usage: { server_tool_use: { web_search_requests: 2 } } });
  });

  it("on the closing chunk's message (a route that sends the finished list there)", () => {
    const machine = translator();
    const closing = { choices: [{ index: 0, delta: {}, finish_reason: 'stop', message: { annotations: [{ url: 'https://flat.example', title: 'Flat' }] } }] };
    const events = [...machine.push(chunk({ content: 'Text.' })), ...machine.push(closing), ...machine.finish()];
    validateAnthropicEventStream(events);
    expect(blockStarts(events).at(-1)).toMatchObject({ type: 'web_search_tool_result', content: [{ url: 'https://flat.example', title: 'Flat' }] });
  });

  it('a backend that counted a search but cited nothing: an empty result at the end', () => {
    const machine = translator();
    const events = [
      ...machine.push(chunk({ content: 'Nothing found.' }, 'stop')),
      ...machine.push({ id: 'c', choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, server_tool_use: { web_search_requests: 1 } } }),
      ...machine.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(blockStarts(events).map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect(blockStarts(events).at(-1)).toMatchObject({ content: [] });
  });

  it('a backend that always searches but streamed no annotations: an empty result at the end', () => {
    const machine = translator({ webSearch: { ...webSearch, alwaysSearches: true } });
    const events = [...machine.push(chunk({ content: 'See [nodejs.org](https://nodejs.org).' }, 'stop')), ...machine.finish()];
    validateAnthropicEventStream(events);
    expect(blockStarts(events).map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({ usage: { server_tool_use: { web_search_requests: 1 } } });
  });

  it('tool calls in the same answer keep their blocks and arguments', () => {
    const machine = translator();
    const events = [
      ...machine.push(chunk({ annotations: [citation('https://a.example')] })),
      ...machine.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a"}' } }] }, 'tool_calls')),
      ...machine.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(blockStarts(events).map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'tool_use']);
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });
});

describe('without a web search request', () => {
  it('annotations are dropped with one warning and the text streams as before', () => {
    const { events, machine } = replay(openRouterStream, [], {});
    validateAnthropicEventStream(events);
    expect(blockStarts(events).map((block) => block.type)).toEqual(['text']);
    expect(machine.warnings.filter((warning) => warning.code === 'unrequested_citations')).toHaveLength(1);
    expect(events.find((event) => event.type === 'message_delta')?.type === 'message_delta' && 'server_tool_use' in (events.find((event) => event.type === 'message_delta') as { usage: object }).usage).toBe(false);
  });
});
