import { describe, expect, it } from 'vitest';
import { encodeResponsesEvent } from './encode-event.js';
import type { ResponsesStreamEvent } from './types.js';

const generic = (event: ResponsesStreamEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const textDelta = (delta: string, extra: Partial<Record<string, unknown>> = {}) =>
  ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 2, content_index: 0, delta, logprobs: [], sequence_number: 17, ...extra }) as ResponsesStreamEvent;

describe('encodeResponsesEvent', () => {
  it.each<[string, ResponsesStreamEvent]>([
    ['a text delta', textDelta('He said "hi"\n\u2028 ✓ \\ </script>')],
    ['an empty text delta', textDelta('')],
    ['log probabilities', textDelta('x', { logprobs: [{ token: 'x', logprob: -0.1 }] })],
    ['another field', textDelta('x', { obfuscation: 'abc' })],
    ['a fractional number', textDelta('x', { output_index: 1.5 })],
    ['another field order', { sequence_number: 3, type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x', logprobs: [] } as ResponsesStreamEvent],
    ['arguments', { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{"a"', sequence_number: 4 }],
    ['a done event', { type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: 'all', logprobs: [], sequence_number: 5 }],
  ])('writes the same bytes as JSON.stringify for %s', (_name, event) => {
    expect(encodeResponsesEvent(event)).toBe(generic(event));
  });
});

it('encodeResponsesEvent follows the item and indexes from one text delta to the next', () => {
  const events = [textDelta('a'), textDelta('b', { item_id: 'msg_2' }), textDelta('c', { item_id: 'msg_2', content_index: 1 }), textDelta('d', { item_id: 'msg_2', content_index: 1, output_index: 3 }), textDelta('e')];
  expect(events.map(encodeResponsesEvent)).toEqual(events.map(generic));
});
