import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { everyNthOffset, readUpstreamFixture } from './replay-openai-stream.js';
import { validateResponsesEvents, validateResponsesSse } from './responses-stream-validator.js';
import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import { SseDecoder } from '../../src/sse/sse-decoder.js';
import { convertResponsesTools } from '../../src/translate/openai-responses-on-anthropic/convert-tools.js';
import { createAnthropicToResponsesStreamTranslator } from '../../src/translate/openai-responses-on-anthropic/stream-translator.js';
import { createFixedTranslationContext } from './fixed-translation-context.js';
import { readAnthropicFixtureBytes } from './replay-anthropic-stream.js';

/** The stream Codex CLI 0.169 accepted from a mock (test/fixtures/clients/codex/NOTES.md). */
const codexAccepted = new Uint8Array(readFileSync(new URL('../fixtures/clients/codex/mock-responses-stream-function_call.sse.txt', import.meta.url)));

function eventsOf(bytes: Uint8Array): Array<Record<string, unknown>> {
  return new TextDecoder()
    .decode(bytes)
    .split('\n\n')
    .flatMap((frame) => frame.split('\n').filter((line) => line.startsWith('data:')).map((line) => JSON.parse(line.slice(5)) as Record<string, unknown>));
}

describe('the Responses stream validator on recorded streams', () => {
  const recordings = [
    ['openai-responses/openai/stream-text-raw.sse', 'completed', ['message']],
    ['openai-responses/openai/stream-function-call-raw.sse', 'completed', ['function_call']],
    ['openai-responses/openai/stream-reasoning-summary-function-call.sse', 'completed', ['reasoning', 'function_call']],
    ['openai-responses/openai/stream-two-messages-phase.sse', 'completed', ['message', 'message']],
    ['openai-responses/openai/stream-error-insufficient-quota.sse', 'failed', []],
    ['openai-responses/github-copilot/stream-rotating-item-ids.sse', 'completed', ['reasoning', 'message']],
  ] as const;

  it.each(recordings)('%s is a valid stream, however its bytes are split', (fixture, status, itemTypes) => {
    const bytes = readUpstreamFixture(fixture);
    const whole = validateResponsesSse(bytes, 'recorded');
    expect(whole.status).toBe(status);
    expect(whole.items.map((item) => item.type)).toEqual(itemTypes);
    for (const size of [1, 7, 64]) expect(validateResponsesSse(bytes, 'recorded', everyNthOffset(bytes.length, size))).toEqual(whole);
  });

  it('reads what the recordings say: text, whole arguments, the failure code; an abridged recording by its .done texts', () => {
    const phases = validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-two-messages-phase.sse'), 'recorded');
    expect(phases.items[0]!.text).toMatch(/^Got it — I’ll quickly check reliable, up-to-date sources/);
    const call = validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-function-call-raw.sse'), 'recorded').items[0]!;
    expect(() => JSON.parse(call.text)).not.toThrow();
    const failed = validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-error-insufficient-quota.sse'), 'recorded');
    expect(failed.error).toMatchObject({ code: 'insufficient_quota' });
    const text = validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-text-raw.sse'), 'recorded').items[0]!;
    expect(text.text.length).toBeGreaterThan(0);
  });

  it('holds the complete recordings to the strict grammar the proxy must emit; says why the others cannot be', () => {
    expect(validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-reasoning-summary-function-call.sse'), 'strict').status).toBe('completed');
    expect(validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-error-insufficient-quota.sse'), 'strict').status).toBe('failed');
    expect(() => validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-text-raw.sse'), 'strict')).toThrow('no sequence_number');
    expect(() => validateResponsesSse(readUpstreamFixture('openai-responses/openai/stream-two-messages-phase.sse'), 'strict')).toThrow(/sequence_number 41 after 5/);
    expect(() => validateResponsesSse(readUpstreamFixture('openai-responses/github-copilot/stream-rotating-item-ids.sse'), 'strict')).toThrow(/response.id changed to capture-id-2/);
  });
});

describe('the Responses stream validator, strict, on the stream Codex accepted', () => {
  it('accepts it whole and split', () => {
    const result = validateResponsesSse(codexAccepted, 'strict');
    expect(result.status).toBe('completed');
    expect(result.items.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(validateResponsesSse(codexAccepted, 'strict', everyNthOffset(codexAccepted.length, 3))).toEqual(result);
  });

  /** The accepted stream with one change, which the validator must catch. */
  const broken: Array<[string, (events: Array<Record<string, unknown>>) => unknown[], RegExp]> = [
    ['no terminal event', (events) => events.slice(0, -1), /ended without response.completed/],
    ['an event after the terminal one', (events) => [...events, { ...events.at(-1), sequence_number: events.length }], /after the terminal event/],
    ['a repeated sequence number', (events) => events.map((event, index) => (index === 3 ? { ...event, sequence_number: 2 } : event)), /sequence_number 2 after 2/],
    ['in_progress missing', (events) => events.filter((event) => event.type !== 'response.in_progress').map((event, index) => ({ ...event, sequence_number: index })), /response.in_progress must come second/],
    ['a done text that differs from its deltas', (events) => events.map((event) => (event.type === 'response.output_text.done' ? { ...event, text: `${String(event.text)}!` } : event)), /is not what the deltas added up to/],
    ['arguments that differ from their deltas', (events) => events.map((event) => (event.type === 'response.function_call_arguments.done' ? { ...event, arguments: '{}' } : event)), /is not what the deltas added up to/],
    ['a delta for another item', (events) => events.map((event) => (event.type === 'response.output_text.delta' ? { ...event, item_id: 'other' } : event)), /has item_id other/],
    ['an item opened inside another', (events) => { const added = events.findIndex((event) => event.type === 'response.output_item.added'); return [...events.slice(0, added + 1), { ...events[added], output_index: 1 }, ...events.slice(added + 1)].map((event, index) => ({ ...event, sequence_number: index })); }, /while item 0 is still open/],
    ['completed without usage', (events) => events.map((event) => (event.type === 'response.completed' ? { ...event, response: { ...(event.response as object), usage: null } } : event)), /without usage/],
  ];

  it.each(broken)('refuses it with %s', (_name, mutate, message) => {
    expect(() => validateResponsesEvents(mutate(eventsOf(codexAccepted)), 'strict')).toThrow(message);
  });
});

describe('the Responses stream validator, strict, on web search and annotations', () => {
  /** The proxy's translation of the scripted Anthropic web search stream: a search item and annotated text. */
  function searchStream(): Array<Record<string, unknown>> {
    const events: AnthropicStreamEvent[] = [];
    const decoder = new SseDecoder({ onEvent: ({ data }) => events.push(JSON.parse(data) as AnthropicStreamEvent) });
    decoder.push(readAnthropicFixtureBytes('stream-web-search-citations.sse'));
    decoder.end();
    const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), { model: 'm' }, convertResponsesTools([], []).toolMap);
    return [...events.flatMap((event) => translator.push(event)), ...translator.finish()] as unknown as Array<Record<string, unknown>>;
  }
  const renumber = (events: Array<Record<string, unknown>>) => events.map((event, index) => ({ ...event, sequence_number: index }));
  const isAnnotation = (event: Record<string, unknown>) => event.type === 'response.output_text.annotation.added';

  it('accepts it and reports the annotations of the message', () => {
    const result = validateResponsesEvents(searchStream(), 'strict');
    expect(result.items.map((item) => item.type)).toEqual(['message', 'web_search_call', 'message']);
    expect(result.items[2]!.annotations).toHaveLength(2);
  });

  const broken: Array<[string, (events: Array<Record<string, unknown>>) => unknown[], RegExp]> = [
    ['an annotation numbered out of order', (events) => events.map((event) => (isAnnotation(event) && event.annotation_index === 1 ? { ...event, annotation_index: 0 } : event)), /annotation_index 0, expected 1/],
    ['a span past the text', (events) => events.map((event) => (isAnnotation(event) ? { ...event, annotation: { ...(event.annotation as object), end_index: 500 } } : event)), /is not inside the part's 68 characters/],
    ['a citation without a url', (events) => events.map((event) => (isAnnotation(event) ? { ...event, annotation: { ...(event.annotation as object), url: '' } } : event)), /url_citation without a url/],
    ['a part done without the annotations it was given', (events) => events.map((event) => (event.type === 'response.content_part.done' && event.content_index === 1 ? { ...event, part: { ...(event.part as object), annotations: [] } } : event)), /content_part.done annotations \[\] are not the 2 added/],
    ['a message done without its annotations', (events) => events.map((event) => (event.type === 'response.output_item.done' && event.output_index === 2 ? { ...event, item: { ...(event.item as object), content: ((event.item as { content: object[] }).content).map((part) => ({ ...part, annotations: [] })) } } : event)), /output_item.done annotations \[\[\],\[\],\[\]\] are not the ones added/],
    ['an annotation outside a message', (events) => { const search = events.findIndex((event) => event.type === 'response.web_search_call.searching'); return renumber([...events.slice(0, search), { ...events.find(isAnnotation)!, item_id: 'ws_1', output_index: 1 }, ...events.slice(search)]); }, /inside a web_search_call item/],
    ['the search done before it completed', (events) => renumber(events.filter((event) => event.type !== 'response.web_search_call.completed')), /done as completed before response.web_search_call.completed/],
    ['the search events out of order', (events) => renumber(events.filter((event) => event.type !== 'response.web_search_call.searching')), /completed after stage 1/],
    ['a search event inside a message', (events) => events.map((event) => (event.type === 'response.web_search_call.in_progress' ? { ...event, item_id: 'msg_1', output_index: 0 } : event)), /for output_index 0, open is 1/],
    ['an event type the proxy was not taught', (events) => events.map((event) => (event.type === 'response.web_search_call.searching' ? { ...event, type: 'response.file_search_call.searching' } : event)), /unexpected event type response.file_search_call.searching/],
  ];

  it.each(broken)('refuses it with %s', (_name, mutate, message) => {
    expect(() => validateResponsesEvents(mutate(searchStream()), 'strict')).toThrow(message);
  });
});
