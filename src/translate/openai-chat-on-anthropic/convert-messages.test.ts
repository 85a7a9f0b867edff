import { describe, expect, it } from 'vitest';
import { TranslationError } from '../../errors/proxy-error.js';
import type { OpenAIChatRequest, OpenAIMessage } from '../../protocols/openai/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { convertOpenAIRequestToAnthropic } from './convert-request.js';

function convert(messages: OpenAIMessage[], extra: Partial<OpenAIChatRequest> = {}) {
  return convertOpenAIRequestToAnthropic({ model: 'gpt-4o', messages, ...extra }, createFixedTranslationContext());
}

const weatherCall = (id: string, city: string) => ({ id, type: 'function' as const, function: { name: 'get_weather', arguments: JSON.stringify({ city }) } });

describe('messages: system and developer', () => {
  it('collects system and developer messages, in order, into the top-level system', () => {
    const { value, warnings } = convert([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'developer', content: [{ type: 'text', text: 'Now answer in French.' }] },
      { role: 'user', content: 'How are you?' },
    ]);
    expect(value.system).toEqual([{ type: 'text', text: 'You are terse.' }, { type: 'text', text: 'Now answer in French.' }]);
    expect(value.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'moved_system_message', field: 'messages[3]' })]);
  });
});

describe('messages: tools', () => {
  const conversation: OpenAIMessage[] = [
    { role: 'user', content: 'Weather in Paris and Rome?' },
    { role: 'assistant', content: '', tool_calls: [weatherCall('call_1', 'Paris'), weatherCall('call_2', 'Rome')] },
    { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
    { role: 'user', content: 'And tomorrow?' },
  ];

  it('assistant tool_calls become tool_use with parsed input; empty text is left out', () => {
    expect(convert(conversation).value.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
      ],
    });
  });

  it('consecutive tool messages and the next user message merge into ONE user turn, results first', () => {
    const { value } = convert(conversation);
    expect(value.messages).toHaveLength(3);
    expect(value.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
        { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
        { type: 'text', text: 'And tomorrow?' },
      ],
    });
  });

  it('ids Anthropic would reject are rewritten the same way on both sides', () => {
    const { value } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: null, tool_calls: [weatherCall('functions.get_weather:0', 'Oslo')] },
      { role: 'tool', tool_call_id: 'functions.get_weather:0', content: 'cold' },
    ]);
    expect(value.messages[1]?.content).toEqual([expect.objectContaining({ id: 'functions_get_weather_0' })]);
    expect(value.messages[2]?.content).toEqual([expect.objectContaining({ tool_use_id: 'functions_get_weather_0' })]);
  });

  it('empty arguments mean {}; invalid JSON arguments are an error naming the call', () => {
    const empty = convert([{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'now', arguments: '' } }] }]);
    expect(empty.value.messages[1]?.content).toEqual([{ type: 'tool_use', id: 'c', name: 'now', input: {} }]);
    const broken = () => convert([{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'now', arguments: '{"a":' } }] }]);
    expect(broken).toThrow(TranslationError);
    expect(broken).toThrow(/tool call now.*not valid JSON/);
  });

  it('legacy function_call / function messages pair by order with synthesized ids', () => {
    const { value } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":"a"}' } },
      { role: 'function', name: 'lookup', content: 'A' },
      { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":"b"}' } },
      { role: 'function', name: 'lookup', content: 'B' },
    ]);
    expect(value.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_function_1', name: 'lookup', input: { q: 'a' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_function_1', content: 'A' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_function_3', name: 'lookup', input: { q: 'b' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_function_3', content: 'B' }] },
    ]);
  });

  it('a function message without a function_call is an error', () => {
    expect(() => convert([{ role: 'user', content: 'x' }, { role: 'function', name: 'f', content: 'y' }])).toThrow(TranslationError);
  });
});

describe('messages: user content parts', () => {
  it('image data URL -> base64 source; http URL -> url source', () => {
    const { value } = convert([
      { role: 'user', content: [
        { type: 'text', text: 'Compare' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
      ] },
    ]);
    expect(value.messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('PDF file part -> document with title', () => {
    const { value } = convert([{ role: 'user', content: [{ type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } }] }]);
    expect(value.messages[0]?.content).toEqual([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'report.pdf' }]);
  });

  it.each([
    ['input_audio', { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }, /audio/],
    ['file_id', { type: 'file', file: { file_id: 'file-abc' } }, /file_id/],
    ['non-PDF file', { type: 'file', file: { file_data: 'data:text/csv;base64,YSxi' } }, /only PDF/],
    ['ftp image', { type: 'image_url', image_url: { url: 'ftp://x/y.png' } }, /image/],
  ] as const)('%s is a TranslationError', (_label, part, message) => {
    expect(() => convert([{ role: 'user', content: [part] as never }])).toThrow(message);
  });
});

describe('messages: shape repairs', () => {
  it('consecutive user messages merge; reasoning_content and names dropped with warnings', () => {
    const { value, warnings } = convert([
      { role: 'user', content: 'a', name: 'alice' },
      { role: 'user', content: 'b' },
      { role: 'assistant', content: 'c', reasoning_content: 'thought' },
      { role: 'user', content: 'd' },
    ]);
    expect(value.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] });
    expect(value.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'c' }] });
    expect(warnings.map((warning) => warning.code)).toEqual(['dropped_field', 'dropped_reasoning']);
  });

  it('a conversation opening with the assistant gets a user turn in front', () => {
    const { value, warnings } = convert([{ role: 'assistant', content: 'Welcome!' }, { role: 'user', content: 'Hi' }]);
    expect(value.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', [{ type: 'text', text: '(continued)' }]],
      ['assistant', [{ type: 'text', text: 'Welcome!' }]],
      ['user', [{ type: 'text', text: 'Hi' }]],
    ]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'inserted_user_turn' })]);
  });

  it('a final assistant prefill loses trailing whitespace; an empty one is dropped', () => {
    expect(convert([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Sure: ' }]).value.messages[1]?.content).toEqual([{ type: 'text', text: 'Sure:' }]);
    expect(convert([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '  ' }]).value.messages).toHaveLength(1);
  });

  it('only system messages: TranslationError', () => {
    expect(() => convert([{ role: 'system', content: 'x' }])).toThrow(TranslationError);
  });
});
