import { describe, expect, it } from 'vitest';
import type { AnthropicMessage } from '../../protocols/anthropic/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readAnthropicFixtureJson } from '../../../test/support/replay-anthropic-stream.js';
import { convertAnthropicResponseToOpenAI } from './convert-response.js';

function convertFixture(name: string) {
  return convertAnthropicResponseToOpenAI(readAnthropicFixtureJson(name) as AnthropicMessage, createFixedTranslationContext());
}

describe.each([
  'nonstream-parallel-tool-use.json',
  'nonstream-redacted-thinking.json',
  'nonstream-text-and-tool-use.json',
  'nonstream-text.json',
  'nonstream-thinking-text-tool-use.json',
])('convert %s', (name) => {
  it('matches the snapshot', () => {
    expect(convertFixture(name)).toMatchSnapshot();
  });
});

describe('convertAnthropicResponseToOpenAI', () => {
  it('a message without usage: zero counts and a missing_usage warning, never a crash', () => {
    const message = { ...(readAnthropicFixtureJson('nonstream-text.json') as AnthropicMessage) } as Partial<AnthropicMessage>;
    delete message.usage;
    const { value, warnings } = convertAnthropicResponseToOpenAI(message as AnthropicMessage, createFixedTranslationContext());
    expect(value.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } });
    expect(warnings.map((warning) => warning.code)).toEqual(['missing_usage']);
  });

  it('text: content, stop, usage, ids and model from context', () => {
    const { value, warnings } = convertFixture('nonstream-text.json');
    expect(value).toMatchObject({ id: 'chatcmpl-1', object: 'chat.completion', created: 1_750_000_000, model: 'claude-sonnet-4-5' });
    expect(value.choices[0]?.message.content).toBe("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?");
    expect(value.choices[0]?.finish_reason).toBe('stop');
    expect(value.usage).toEqual({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41, prompt_tokens_details: { cached_tokens: 0 } });
    expect(value.usage?.completion_tokens_details).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('parallel tool_use: four tool_calls with ids kept and JSON arguments', () => {
    const { value } = convertFixture('nonstream-parallel-tool-use.json');
    const calls = value.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => [call.id, call.function?.name, call.function?.arguments])).toEqual([
      ['toolu_0167cfEnoQaPviGdVXA95zcu', 'retrieve_entity_info', '{"name":"Alice"}'],
      ['toolu_01EEe2V5HD1Ac4rKiUR4HD2T', 'retrieve_entity_info', '{"name":"Bob"}'],
      ['toolu_01XFyAjstT3966qvRynZyVPo', 'retrieve_entity_info', '{"name":"Charlie"}'],
      ['toolu_013mnQZbgtK2oe3Mo3XKJsx3', 'retrieve_entity_info', '{"name":"Daisy"}'],
    ]);
    expect(value.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('empty tool input becomes "{}"', () => {
    expect(convertFixture('nonstream-text-and-tool-use.json').value.choices[0]?.message.tool_calls?.[0]?.function?.arguments).toBe('{}');
  });

  it('thinking -> reasoning_content; the signature does not leak', () => {
    const { value } = convertFixture('nonstream-thinking-text-tool-use.json');
    expect(value.choices[0]?.message.reasoning_content).toMatch(/^The user is asking about the largest city/);
    expect(JSON.stringify(value)).not.toContain('EqEECkYICxgCKkAo3UA4');
  });

  it('redacted_thinking dropped with a warning', () => {
    const { value, warnings } = convertFixture('nonstream-redacted-thinking.json');
    expect(value.choices[0]?.message.reasoning_content).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ code: 'dropped_block', field: 'content[0]' })]);
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
    ['model_context_window_exceeded', 'length'],
  ] as const)('stop_reason %s -> %s', (stopReason, finishReason) => {
    const message = { ...(readAnthropicFixtureJson('nonstream-text.json') as AnthropicMessage), stop_reason: stopReason };
    expect(convertAnthropicResponseToOpenAI(message, createFixedTranslationContext()).value.choices[0]?.finish_reason).toBe(finishReason);
  });

  it('cache reads and writes count as prompt tokens; cached_tokens is the cache read', () => {
    const message = { ...(readAnthropicFixtureJson('nonstream-text.json') as AnthropicMessage) };
    message.usage = { input_tokens: 10, output_tokens: 4, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 };
    expect(convertAnthropicResponseToOpenAI(message, createFixedTranslationContext()).value.usage).toEqual({
      prompt_tokens: 130,
      completion_tokens: 4,
      total_tokens: 134,
      prompt_tokens_details: { cached_tokens: 100 },
    });
  });

  it('no text blocks: content null (as OpenAI sends for tool-only answers)', () => {
    const message = { ...(readAnthropicFixtureJson('nonstream-text.json') as AnthropicMessage), content: [], stop_reason: 'refusal' as const };
    expect(convertAnthropicResponseToOpenAI(message, createFixedTranslationContext()).value.choices[0]?.message.content).toBeNull();
  });
});
