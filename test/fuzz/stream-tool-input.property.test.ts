/**
 * Parallel tool calls whose argument fragments arrive in any interleaving (with text now and
 * then) must reach an Anthropic client exactly as the non-streaming path reads the same calls:
 * same names, same inputs, same order. Or the stream ends in an `error` event; only
 * `finish_reason: length` may leave an input unfinished.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../src/json/is-record.js';
import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import type { OpenAIChatCompletion } from '../../src/protocols/openai/types.js';
import { convertOpenAIResponseToAnthropic } from '../../src/translate/anthropic-on-openai-chat/convert-response.js';
import { createOpenAIToAnthropicStreamTranslator } from '../../src/translate/anthropic-on-openai-chat/stream-translator.js';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { makeTranslationContext } from '../support/anthropic-to-openai-contexts.js';

const argumentsText = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":1', '{"a":1} trailing', '"{\\"a\\":2}"', 'not json', '{"a":1-2}', '{"n":1.', '[1]', '') },
);

/** Calls, each split into fragments, and a schedule saying whose fragment comes next. */
const scenario = fc
  .record({
    calls: fc.array(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), args: argumentsText, cuts: fc.array(fc.nat(), { maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
    schedule: fc.array(fc.nat(9), { maxLength: 30 }),
    textAt: fc.option(fc.nat(12), { nil: undefined }),
    finish: fc.constantFrom('tool_calls', 'stop', 'length'),
  })
  .map((spec) => ({ ...spec, calls: spec.calls.map((call) => ({ ...call, fragments: split(call.args, call.cuts) })) }));

function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The chunks (the first fragment of each call carries id and name) and the order calls first appear in. */
function chunksOf(spec: Scenario): { chunks: unknown[]; order: number[] } {
  const sent = spec.calls.map(() => 0);
  const chunks: unknown[] = [];
  const order: number[] = [];
  const emit = (i: number) => {
    const call = spec.calls[i]!;
    const n = sent[i]!;
    if (n === 0) order.push(i);
    const fn = n === 0 ? { name: call.name, arguments: call.fragments[0] } : { arguments: call.fragments[n] };
    chunks.push(chunk({ tool_calls: [{ index: i, ...(n === 0 ? { id: `call_${i}`, type: 'function' } : {}), function: fn }] }));
    sent[i] = n + 1;
  };
  for (const pick of spec.schedule) {
    if (chunks.length === spec.textAt) chunks.push(chunk({ content: 'note' }));
    const open = spec.calls.map((_, i) => i).filter((i) => sent[i]! < spec.calls[i]!.fragments.length);
    if (open.length > 0) emit(open[pick % open.length]!);
  }
  spec.calls.forEach((call, i) => {
    while (sent[i]! < call.fragments.length) emit(i);
  });
  chunks.push(chunk({}, spec.finish));
  return { chunks, order };
}

function clientToolUses(events: AnthropicStreamEvent[]): Array<{ name: string; json: string }> {
  const uses: Array<{ name: string; json: string }> = [];
  for (const event of events) {
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') uses.push({ name: event.content_block.name, json: '' });
    if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') uses.at(-1)!.json += event.delta.partial_json;
  }
  return uses;
}

describe('streamed tool input under any interleaving', () => {
  it('equals the non-streaming reading of the same calls, or the stream ends in an error', () => {
    fc.assert(
      fc.property(scenario, (spec) => {
        const context = makeTranslationContext('openai');
        const translator = createOpenAIToAnthropicStreamTranslator(context, {});
        const { chunks, order } = chunksOf(spec);
        const calls = order.map((i) => ({ ...spec.calls[i]!, id: `call_${i}` }));
        const events = [...chunks.flatMap((c) => translator.push(c)), ...translator.finish()];
        const failed = events.at(-1)?.type === 'error';
        const wellFormed = spec.calls.every((call) => {
          try {
            const value: unknown = JSON.parse(call.args);
            return isRecord(value);
          } catch {
            return false;
          }
        });
        // An error is the honest ending only when something was really wrong upstream.
        if (failed) {
          expect(wellFormed && spec.textAt === undefined && spec.finish !== 'length').toBe(false);
          return;
        }
        const uses = clientToolUses(events);
        expect(uses.map((use) => use.name)).toEqual(calls.map((call) => call.name));
        if (spec.finish === 'length') return;
        validateAnthropicEventStream(events);
        const message = { role: 'assistant', content: null, tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } })) };
        const response = { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: spec.finish }] } as unknown as OpenAIChatCompletion;
        const expected = convertOpenAIResponseToAnthropic(response, context, {}).value.content.flatMap((block) => (block.type === 'tool_use' ? [block.input] : []));
        expect(uses.map((use) => (use.json.trim() === '' ? {} : JSON.parse(use.json)))).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });
});
