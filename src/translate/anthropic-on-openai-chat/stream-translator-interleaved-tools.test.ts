import { describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { createOpenAIToAnthropicStreamTranslator } from './stream-translator.js';

type Fragment = Record<string, unknown>;

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const calls = (...fragments: Fragment[]) => chunk({ tool_calls: fragments });
const first = (index: number, id: string, name: string, args: string): Fragment => ({ index, id, type: 'function', function: { name, arguments: args } });
const more = (index: number, args: string): Fragment => ({ index, function: { arguments: args } });

function run(chunks: unknown[], finish = 'tool_calls') {
  const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
  const events = [...chunks.flatMap((c) => translator.push(c)), ...translator.push(chunk({}, finish)), ...translator.finish()];
  validateAnthropicEventStream(events);
  return { events, translator };
}

/** The tool_use blocks the client assembles: name and parsed input, in block order. */
function toolUses(events: AnthropicStreamEvent[]): Array<{ id: string; name: string; input: unknown }> {
  const blocks: Array<{ id: string; name: string; json: string }> = [];
  for (const event of events) {
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
      blocks.push({ id: event.content_block.id, name: event.content_block.name, json: '' });
    }
    if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') blocks.at(-1)!.json += event.delta.partial_json;
  }
  return blocks.map((block) => ({ id: block.id, name: block.name, input: block.json === '' ? {} : JSON.parse(block.json) }));
}

describe('parallel tool calls whose fragments interleave', () => {
  it('each call arrives whole and in order, however the fragments of two calls alternate', () => {
    const { events } = run([
      calls(first(0, 'call_a', 'Read', '{"path":')),
      calls(first(1, 'call_b', 'Write', '{"file":"x",')),
      calls(more(0, '"/etc/hosts"')),
      calls(more(1, '"text":"hi"}')),
      calls(more(0, ', "limit": 5}')),
    ]);
    expect(toolUses(events)).toEqual([
      { id: 'call_a', name: 'Read', input: { path: '/etc/hosts', limit: 5 } },
      { id: 'call_b', name: 'Write', input: { file: 'x', text: 'hi' } },
    ]);
  });

  it('a call that waited streams live once the call before it is complete', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    translator.push(calls(first(0, 'call_a', 'Read', '{"path":')));
    expect(translator.push(calls(first(1, 'call_b', 'Write', '{"t":')))).toEqual([]);
    const completing = translator.push(calls(more(0, '"a"}')));
    expect(completing.map((event) => event.type)).toEqual(['content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta']);
    expect(translator.push(calls(more(1, '1}')))).toEqual([{ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } }]);
  });

  it('three calls, the last one named first, all complete at the end', () => {
    const { events } = run([
      calls(first(0, 'call_a', 'A', '{"n":')),
      calls(first(1, 'call_b', 'B', '{"n":2')),
      calls(first(2, 'call_c', 'C', '{"n":3}')),
      calls(more(1, '}'), more(0, '1}')),
    ]);
    expect(toolUses(events).map((use) => [use.name, use.input])).toEqual([
      ['A', { n: 1 }],
      ['B', { n: 2 }],
      ['C', { n: 3 }],
    ]);
  });

  it('sequential calls (the common case) still stream at once, one block after the other', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    translator.push(calls(first(0, 'call_a', 'A', '{"n":1}')));
    const next = translator.push(calls(first(1, 'call_b', 'B', '{"n":')));
    expect(next.map((event) => event.type)).toEqual(['content_block_stop', 'content_block_start', 'content_block_delta']);
  });

  it('more arguments for a call whose block had to close unfinished end the stream with an error', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    const events = [
      ...translator.push(calls(first(0, 'call_a', 'Bash', '{"command":"rm -rf /tmp/x'))),
      ...translator.push(chunk({ content: 'meanwhile' })),
      ...translator.push(calls(more(0, '/cache"}'))),
      ...translator.push(chunk({}, 'tool_calls')),
      ...translator.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(events.some((event) => event.type === 'message_stop')).toBe(false);
  });

  it('arguments that stop being JSON in the middle end the stream with an error, not a cut-off input', () => {
    const { events } = run([calls(first(0, 'call_a', 'Bash', '{"command":"ls", "path": /tmp}'))]);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('unfinished arguments that no closing text can complete end the stream with an error', () => {
    const { events } = run([calls(first(0, 'call_a', 'Calc', '{"x":1.'))]);
    expect(events.at(-1)).toMatchObject({ type: 'error' });
  });

  it('after finish_reason length the input may stay unfinished (no error, no repair)', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    const events = [
      ...translator.push(calls(first(0, 'call_a', 'A', '{"n":'))),
      ...translator.push(calls(first(1, 'call_b', 'B', '{"m":2}'))),
      ...translator.push(chunk({}, 'length')),
      ...translator.finish(),
    ];
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    const json = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta' ? [event.delta.partial_json] : []));
    expect(json).toEqual(['{"n":', '{"m":2}']);
  });

  it('arguments that arrive before the name, then the id and name, stay one call', () => {
    const { events } = run([calls({ index: 0, function: { arguments: '{"q":' } }), calls({ index: 0, id: ' ', function: { name: 'search', arguments: '1}' } })]);
    expect(toolUses(events)).toEqual([{ id: ' ', name: 'search', input: { q: 1 } }]);
  });
});
