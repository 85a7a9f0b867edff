import { describe, expect, it } from 'vitest';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { createOpenAIToAnthropicStreamTranslator } from './stream-translator.js';

const chunk = (toolCall: Record<string, unknown>, finish: string | null = null) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { tool_calls: [{ index: 0, ...toolCall }] }, finish_reason: finish }],
});

const inputJsonOf = (events: AnthropicStreamEvent[]) =>
  events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta' ? [event.delta.partial_json] : [])).join('');

describe('streamed tool arguments that stop being JSON', () => {
  it('forwards only the valid part, so the client can still parse the input', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    const events = [
      ...translator.push(chunk({ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":' } })),
      ...translator.push(chunk({ function: { arguments: '"ls"} and then some prose' } })),
      ...translator.push(chunk({ function: { arguments: ' more prose' } }, 'tool_calls')),
      ...translator.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(JSON.parse(inputJsonOf(events))).toEqual({ command: 'ls' });
    expect(translator.warnings.map((warning) => warning.code)).toContain('invalid_tool_arguments');
  });

  it('arguments sent as a JSON string holding the object are unwrapped at the end', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    const events = [
      ...translator.push(chunk({ id: 'call_2', type: 'function', function: { name: 'Read', arguments: '"{\\"path\\":' } })),
      ...translator.push(chunk({ function: { arguments: '\\"a\\"}"' } }, 'tool_calls')),
      ...translator.finish(),
    ];
    validateAnthropicEventStream(events);
    expect(JSON.parse(inputJsonOf(events))).toEqual({ path: 'a' });
  });

  it('arguments that are not an object at all are kept whole under _raw_arguments, as in the non-streaming path', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('openai'), {});
    const events = [...translator.push(chunk({ id: 'call_3', type: 'function', function: { name: 'Read', arguments: 'path=a' } }, 'tool_calls')), ...translator.finish()];
    validateAnthropicEventStream(events);
    expect(JSON.parse(inputJsonOf(events))).toEqual({ _raw_arguments: 'path=a' });
  });
});
