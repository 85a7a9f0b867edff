import { describe, expect, it } from 'vitest';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import type { AnthropicMessage, AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { enforceStopSequencesOnMessage, enforceStopSequencesOnStream, partialMatchLength, splitStopSequences } from './enforce-stop-sequences.js';
import { createOpenAIToAnthropicStreamTranslator } from './stream-translator.js';

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({ id: 'c', choices: [{ index: 0, delta, finish_reason: finishReason }] });
const usageChunk = { id: 'c', choices: [], usage: { prompt_tokens: 5, completion_tokens: 9 } };

/** Streams `pieces` as content deltas through the real translator wrapped with `enforced`. */
function stream(pieces: string[], enforced: string[], extra: Array<Record<string, unknown>> = []) {
  const translator = enforceStopSequencesOnStream(createOpenAIToAnthropicStreamTranslator(makeTranslationContext('deepseek')), enforced);
  const events: AnthropicStreamEvent[] = [];
  let pushedAfterDone = 0;
  for (const piece of [...pieces.map((content) => chunk({ content })), ...extra.map((delta) => chunk(delta)), chunk({}, 'stop'), usageChunk]) {
    if (translator.isDone) pushedAfterDone += 1;
    events.push(...translator.push(piece));
  }
  events.push(...translator.finish());
  validateAnthropicEventStream(events);
  const text = events.map((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : '')).join('');
  const delta = events.find((event) => event.type === 'message_delta');
  return { events, text, delta: delta?.type === 'message_delta' ? delta.delta : undefined, pushedAfterDone, translator };
}

describe('splitStopSequences', () => {
  it('sends the first maxStopSequences and enforces the rest, never an empty one', () => {
    expect(splitStopSequences(['a', 'b', 'c', 'd', 'e', '', 'f'], { maxStopSequences: 4 })).toEqual({ sent: ['a', 'b', 'c', 'd'], enforced: ['e', 'f'] });
    expect(splitStopSequences(['a'], { maxStopSequences: 4 })).toEqual({ sent: ['a'], enforced: [] });
    expect(splitStopSequences(undefined, { maxStopSequences: 4 })).toEqual({ sent: [], enforced: [] });
  });
});

describe('partialMatchLength', () => {
  it('is the longest end of the text that begins a sequence, short of a whole match', () => {
    expect(partialMatchLength('hello EN', ['END'])).toBe(2);
    expect(partialMatchLength('hello', ['END'])).toBe(0);
    expect(partialMatchLength('x</', ['</stop>', '<'])).toBe(2);
  });
});

describe('enforceStopSequencesOnStream', () => {
  it('cuts at a match that spans chunks, and reports stop_sequence with the sequence', () => {
    const { text, delta, pushedAfterDone, translator } = stream(['Hello wo', 'rl', 'd! more text'], ['world']);
    expect(text).toBe('Hello ');
    expect(delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'world' });
    expect(pushedAfterDone).toBeGreaterThan(0);
    expect(translator.isDone).toBe(true);
    expect(translator.warnings.map((warning) => warning.code)).toContain('stop_sequence_enforced');
  });

  it('holds back only what could begin a match, and releases it when it does not', () => {
    const { events, text, delta } = stream(['abc</', 'p> and on'], ['</stop>']);
    const deltas = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : []));
    expect(deltas).toEqual(['abc', '</p> and on']);
    expect(text).toBe('abc</p> and on');
    expect(delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
  });

  it('with several sequences the earliest match wins', () => {
    expect(stream(['one TWO three ONE'], ['ONE', 'TWO']).delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'TWO' });
    expect(stream(['one TWO three ONE'], ['ONE', 'TWO']).text).toBe('one ');
  });

  it('a sequence at the very start ends the message without opening a text block', () => {
    const { events, delta } = stream(['STOP', ' anything'], ['STOP']);
    expect(events.map((event) => event.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'STOP' });
  });

  it('no match: the text and the backend finish reason unchanged', () => {
    const { text, delta } = stream(['plain ', 'text'], ['NEVER']);
    expect(text).toBe('plain text');
    expect(delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
  });

  it('unicode: a multi-code-unit sequence split between chunks', () => {
    const { text, delta } = stream(['Ça va 👍', '🏽 très bien'], ['👍🏽']);
    expect(text).toBe('Ça va ');
    expect(delta?.stop_sequence).toBe('👍🏽');
  });

  it('text after a thinking block and before a tool call is checked; reasoning is not', () => {
    const { text, events } = stream([], ['END'], [{ reasoning_content: 'I will say END' }, { content: 'Answer END' }, { tool_calls: [{ index: 0, id: 't', function: { name: 'x', arguments: '{}' } }] }]);
    expect(text).toBe('Answer ');
    expect(events.some((event) => event.type === 'content_block_start' && event.content_block.type === 'tool_use')).toBe(false);
  });

  it('nothing to enforce: the same translator object', () => {
    const inner = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('deepseek'));
    expect(enforceStopSequencesOnStream(inner, [])).toBe(inner);
  });
});

describe('enforceStopSequencesOnMessage', () => {
  const message: AnthropicMessage = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'text', text: 'first part ### second part' }, { type: 'tool_use', id: 't', name: 'x', input: {} }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 4 },
  };

  it('cuts the text at the first match, drops later blocks, keeps the usage', () => {
    const { value, warnings } = enforceStopSequencesOnMessage({ value: message, warnings: [] }, ['###']);
    expect(value.content).toEqual([{ type: 'text', text: 'first part ' }]);
    expect(value).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###', usage: { input_tokens: 3, output_tokens: 4 } });
    expect(warnings.map((warning) => warning.code)).toEqual(['stop_sequence_enforced']);
  });

  it('no match: unchanged', () => {
    const translated = { value: message, warnings: [] };
    expect(enforceStopSequencesOnMessage(translated, ['nope'])).toBe(translated);
  });
});
