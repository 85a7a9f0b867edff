import { describe, expect, it } from 'vitest';
import { TranslationError } from '../../errors/proxy-error.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { convertOpenAIRequestToAnthropic, JSON_OUTPUT_TOOL, jsonObjectInstruction } from './convert-request.js';
import { resolveClaudeModelCapabilities } from '../../models/claude-model-capabilities.js';

const base: OpenAIChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

function convert(extra: Partial<OpenAIChatRequest> & Record<string, unknown>) {
  return convertOpenAIRequestToAnthropic({ ...base, ...extra }, createFixedTranslationContext());
}

function codes(warnings: Array<{ code: string; field?: string }>): string[] {
  return warnings.map((warning) => `${warning.code}:${warning.field ?? ''}`);
}

describe('convertOpenAIRequestToAnthropic: basics', () => {
  it('minimal request: backend model, default max_tokens, no extras', () => {
    expect(convert({})).toEqual({
      value: { model: 'claude-sonnet-4-5-20250929', max_tokens: 64_000, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      warnings: [],
      toolNames: { toBackend: new Map(), toClient: new Map() },
    });
  });

  it('max_completion_tokens wins over max_tokens; above the model limit it is clamped with a warning', () => {
    expect(convert({ max_tokens: 100, max_completion_tokens: 200 }).value.max_tokens).toBe(200);
    const clamped = convert({ max_tokens: 1_000_000 });
    expect(clamped.value.max_tokens).toBe(64_000);
    expect(codes(clamped.warnings)).toEqual(['clamped_max_tokens:max_completion_tokens']);
  });

  it('stop, user, stream map; stream_options is not sent', () => {
    const { value, warnings } = convert({ stop: 'END', user: 'user-42', stream: true, stream_options: { include_usage: true } });
    expect(value).toMatchObject({ stop_sequences: ['END'], metadata: { user_id: 'user-42' }, stream: true });
    expect(value).not.toHaveProperty('stream_options');
    expect(warnings).toEqual([]);
    expect(convert({ stop: ['a', 'b'] }).value.stop_sequences).toEqual(['a', 'b']);
  });

  it('whitespace-only stop sequences are dropped with a warning', () => {
    const { value, warnings } = convert({ stop: ['\n', 'User:'] });
    expect(value.stop_sequences).toEqual(['User:']);
    expect(codes(warnings)).toEqual(['dropped_stop_sequence:stop']);
  });

  it('unsupported and unknown fields are dropped, each with a warning', () => {
    const { value, warnings } = convert({ seed: 1, frequency_penalty: 0.5, presence_penalty: 0.1, logit_bias: { 1: 2 }, store: true, metadata: { a: 'b' }, service_tier: 'auto', modalities: ['text'], audio: {}, prediction: {}, web_search_options: {}, custom_thing: 1 });
    expect(Object.keys(value).sort()).toEqual(['max_tokens', 'messages', 'model']);
    expect(codes(warnings)).toEqual([
      'dropped_field:seed', 'dropped_field:frequency_penalty', 'dropped_field:presence_penalty', 'dropped_field:logit_bias', 'dropped_field:store',
      'dropped_field:metadata', 'dropped_field:service_tier', 'dropped_field:modalities', 'dropped_field:audio', 'dropped_field:prediction',
      'dropped_field:web_search_options', 'dropped_field:custom_thing',
    ]);
  });
});

describe('sampling', () => {
  it('temperature above 1 is clamped to 1 with a warning; within range it passes', () => {
    expect(convert({ temperature: 0.3 }).value.temperature).toBe(0.3);
    const hot = convert({ temperature: 1.7 });
    expect(hot.value.temperature).toBe(1);
    expect(codes(hot.warnings)).toEqual(['clamped_temperature:temperature']);
  });

  it('top_p alone passes; with temperature it is dropped (Claude rejects both)', () => {
    expect(convert({ top_p: 0.9 }).value.top_p).toBe(0.9);
    const both = convert({ temperature: 0.5, top_p: 0.9 });
    expect(both.value).toMatchObject({ temperature: 0.5 });
    expect(both.value.top_p).toBeUndefined();
    expect(codes(both.warnings)).toEqual(['dropped_field:top_p']);
  });
});

describe('tools', () => {
  it('tools -> name/description/input_schema; missing parameters -> empty object schema', () => {
    const { value } = convert({ tools: [weatherTool, { type: 'function', function: { name: 'now' } }] });
    expect(value.tools).toEqual([
      { name: 'get_weather', description: 'Weather now', input_schema: weatherTool.function.parameters },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ type: 'function', function: { name: 'get_weather' } }, { type: 'tool', name: 'get_weather' }],
  ] as const)('tool_choice %j -> %j', (choice, expected) => {
    expect(convert({ tools: [weatherTool], tool_choice: choice }).value.tool_choice).toEqual(expected);
  });

  it('parallel_tool_calls false -> disable_parallel_tool_use on the choice (auto when none given)', () => {
    expect(convert({ tools: [weatherTool], parallel_tool_calls: false }).value.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(convert({ tools: [weatherTool], tool_choice: 'required', parallel_tool_calls: false }).value.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it('legacy functions + function_call -> tools + tool_choice', () => {
    const { value } = convert({ functions: [weatherTool.function], function_call: { name: 'get_weather' } });
    expect(value.tools?.map((tool) => tool.name)).toEqual(['get_weather']);
    expect(value.tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('tool_choice without tools is dropped with a warning', () => {
    const { value, warnings } = convert({ tool_choice: 'required' });
    expect(value.tool_choice).toBeUndefined();
    expect(codes(warnings)).toEqual(['dropped_field:tool_choice']);
  });

  it('non-function tools are a TranslationError', () => {
    expect(() => convert({ tools: [{ type: 'custom', custom: { name: 'x' } } as never] })).toThrow(TranslationError);
  });
});

describe('response_format', () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };

  it('json_schema -> output_config.format', () => {
    const { value, warnings } = convert({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } } });
    expect(value.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(warnings).toEqual([]);
  });

  it('json_object -> a forced json_output tool that takes any object', () => {
    const { value, warnings } = convert({ messages: [{ role: 'system', content: 'Be nice.' }, ...base.messages], response_format: { type: 'json_object' } });
    expect(value.tools).toEqual([expect.objectContaining({ name: JSON_OUTPUT_TOOL, input_schema: { type: 'object' } })]);
    expect(value.tool_choice).toEqual({ type: 'tool', name: JSON_OUTPUT_TOOL });
    expect(value.system).toEqual([{ type: 'text', text: 'Be nice.' }]);
    expect(value.output_config).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('json_object next to the client\'s own tools -> a system instruction, with a warning', () => {
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }];
    const { value, warnings } = convert({ tools, response_format: { type: 'json_object' } });
    expect(value.tools?.map((tool) => tool.name)).toEqual(['lookup']);
    expect(value.system).toEqual([{ type: 'text', text: jsonObjectInstruction }]);
    expect(codes(warnings)).toEqual(['emulated_json_mode:response_format']);
  });

  it('json_schema on a Claude model without native structured output -> the forced tool with that schema', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const context = createFixedTranslationContext({ backendModel: 'claude-3-5-haiku-20241022', capabilities: resolveClaudeModelCapabilities('claude-3-5-haiku-20241022') });
    const { value } = convertOpenAIRequestToAnthropic({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'p', schema } } }, context);
    expect(value.output_config).toBeUndefined();
    expect(value.tools).toEqual([expect.objectContaining({ name: JSON_OUTPUT_TOOL, input_schema: schema })]);
    expect(value.tool_choice).toEqual({ type: 'tool', name: JSON_OUTPUT_TOOL });
  });

  it('json_schema without a schema is a TranslationError; text is a no-op', () => {
    expect(() => convert({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } })).toThrow(TranslationError);
    expect(convert({ response_format: { type: 'text' } }).value.output_config).toBeUndefined();
  });
});

describe('reasoning_effort -> thinking', () => {
  it.each([
    ['low', 2048],
    ['medium', 8192],
    ['high', 24_576],
  ] as const)('%s -> budget %i under the default max_tokens', (effort, budget) => {
    const { value, warnings } = convert({ reasoning_effort: effort });
    expect(value.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    expect(value.max_tokens).toBe(64_000);
    expect(warnings).toEqual([]);
  });

  it('minimal and none mean no thinking', () => {
    expect(convert({ reasoning_effort: 'minimal' }).value.thinking).toBeUndefined();
    expect(convert({ reasoning_effort: 'none' }).value.thinking).toBeUndefined();
  });

  it('budget always below max_tokens: the client limit is kept and the budget lowered', () => {
    const { value, warnings } = convert({ reasoning_effort: 'high', max_completion_tokens: 10_000 });
    expect(value.max_tokens).toBe(10_000);
    expect(value.thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
    expect(codes(warnings)).toEqual(['lowered_thinking_budget:reasoning_effort']);
  });

  it('a limit too small for the minimum budget leaves thinking off, with a warning', () => {
    const { value, warnings } = convert({ reasoning_effort: 'low', max_tokens: 1500 });
    expect(value.thinking).toBeUndefined();
    expect(codes(warnings)).toEqual(['dropped_thinking:reasoning_effort']);
  });

  it('thinking drops temperature (unless 1), low top_p and top_k, with warnings', () => {
    const { value, warnings } = convert({ reasoning_effort: 'low', temperature: 0.2, top_k: 40 });
    expect(value).not.toHaveProperty('temperature');
    expect(value).not.toHaveProperty('top_k');
    expect(codes(warnings)).toEqual(['dropped_field:temperature', 'dropped_field:top_k']);
    expect(convert({ reasoning_effort: 'low', temperature: 1 }).value.temperature).toBe(1);
    expect(convert({ reasoning_effort: 'low', top_p: 0.5 }).value.top_p).toBeUndefined();
    expect(convert({ reasoning_effort: 'low', top_p: 0.97 }).value.top_p).toBe(0.97);
  });

  it('a forced tool call disables thinking (Anthropic rejects the combination)', () => {
    const { value, warnings } = convert({ reasoning_effort: 'medium', tools: [weatherTool], tool_choice: 'required' });
    expect(value.thinking).toBeUndefined();
    expect(codes(warnings)).toEqual(['dropped_thinking:reasoning_effort']);
  });
});

describe('reasoning_effort inside a tool loop', () => {
  it('turns thinking off when the last assistant turn called tools (Claude would demand its signed thinking)', () => {
    const { value, warnings } = convertOpenAIRequestToAnthropic(
      {
        model: 'gpt-4o',
        reasoning_effort: 'high',
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
      },
      createFixedTranslationContext(),
    );
    expect(value.thinking).toBeUndefined();
    expect(warnings.map((warning) => warning.code)).toContain('dropped_thinking');
  });

  it('keeps thinking once the tool loop is over', () => {
    const { value } = convertOpenAIRequestToAnthropic(
      {
        model: 'gpt-4o',
        reasoning_effort: 'low',
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          { role: 'assistant', content: 'It is sunny.' },
          { role: 'user', content: 'and tomorrow?' },
        ],
      },
      createFixedTranslationContext(),
    );
    expect(value.thinking).toMatchObject({ type: 'enabled' });
  });
});

describe('Claude 5 and adaptive thinking', () => {
  const onModel = (model: string, extra: Partial<OpenAIChatRequest> & Record<string, unknown>) =>
    convertOpenAIRequestToAnthropic({ ...base, ...extra }, createFixedTranslationContext({ backendModel: model, capabilities: resolveClaudeModelCapabilities(model) }));

  it('sends reasoning_effort as adaptive thinking with output_config.effort, never a budget (Claude 5 answers 400 to one)', () => {
    const { value } = onModel('claude-sonnet-5-5', { reasoning_effort: 'medium' });
    expect(value.thinking).toEqual({ type: 'adaptive' });
    expect(value.output_config).toEqual({ effort: 'medium' });
    expect(onModel('claude-opus-4-6', { reasoning_effort: 'high' }).value.thinking).toEqual({ type: 'adaptive' });
    expect(onModel('claude-sonnet-4-5', { reasoning_effort: 'high' }).value.thinking).toMatchObject({ type: 'enabled' });
  });

  it('drops sampling fields Claude 5 refuses, with a warning, and knows its limits', () => {
    const { value, warnings } = onModel('claude-fable-5-2', { temperature: 0.3, top_p: 0.9 });
    expect(value).not.toHaveProperty('temperature');
    expect(value).not.toHaveProperty('top_p');
    expect(codes(warnings)).toEqual(expect.arrayContaining(['dropped_field:temperature', 'dropped_field:top_p']));
    expect(resolveClaudeModelCapabilities('claude-opus-5-5')).toMatchObject({ contextWindow: 1_000_000, maxOutputTokens: 128_000, thinkingForm: 'adaptive' });
    expect(resolveClaudeModelCapabilities('claude-3-7-sonnet-20250219').thinkingForm).toBe('budget');
  });
});
