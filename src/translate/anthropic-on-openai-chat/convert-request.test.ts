import { describe, expect, it } from 'vitest';
import { functionToolsOf } from '../../../test/support/function-tools.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';
import { fnv1a64Hex } from './hash-user-id.js';

const base: AnthropicMessagesRequest = { model: 'claude-sonnet-4-5', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] };
const codes = (warnings: Array<{ code: string }>): string[] => warnings.map((warning) => warning.code);

describe('convertAnthropicRequestToOpenAI: top-level fields', () => {
  it('uses the backend model and the max-tokens field of the model', () => {
    expect(convertAnthropicRequestToOpenAI(base, makeTranslationContext('openai')).value).toEqual({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 1000,
    });
    expect(convertAnthropicRequestToOpenAI(base, makeTranslationContext('deepseek')).value).toMatchObject({ model: 'deepseek-chat', max_tokens: 1000 });
  });

  it('clamps max_tokens to the model limit with a warning', () => {
    const { value, warnings } = convertAnthropicRequestToOpenAI({ ...base, max_tokens: 64_000 }, makeTranslationContext('deepseek'));
    expect(value.max_tokens).toBe(8192);
    expect(codes(warnings)).toContain('clamped_max_tokens');
  });

  it('streams with usage requested', () => {
    const { value } = convertAnthropicRequestToOpenAI({ ...base, stream: true }, makeTranslationContext('deepseek'));
    expect(value).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(convertAnthropicRequestToOpenAI({ ...base, stream: false }, makeTranslationContext('deepseek')).value).not.toHaveProperty('stream');
  });

  it('sends only as many stop sequences as the backend takes, and says the proxy enforces the rest', () => {
    const request = { ...base, stop_sequences: ['a', 'b', 'c', 'd', 'e', 'f'] };
    const openai = convertAnthropicRequestToOpenAI(request, makeTranslationContext('openai'));
    expect(openai.value.stop).toEqual(['a', 'b', 'c', 'd']);
    expect(openai.warnings).toContainEqual(expect.objectContaining({ code: 'stop_sequences_over_limit', field: 'stop_sequences' }));
    expect(convertAnthropicRequestToOpenAI(request, makeTranslationContext('deepseek')).value.stop).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(convertAnthropicRequestToOpenAI(request, makeTranslationContext('gemini')).value.stop).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('maps sampling and stop sequences, dropping top_k', () => {
    const request = { ...base, temperature: 0.2, top_p: 0.9, top_k: 40, stop_sequences: ['END'] };
    const { value, warnings } = convertAnthropicRequestToOpenAI(request, makeTranslationContext('deepseek'));
    expect(value).toMatchObject({ temperature: 0.2, top_p: 0.9, stop: ['END'] });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_field', field: 'top_k' }));
  });

  it('drops sampling parameters for reasoning models that reject them', () => {
    const { value, warnings } = convertAnthropicRequestToOpenAI({ ...base, temperature: 1 }, makeTranslationContext('openai'));
    expect(value).not.toHaveProperty('temperature');
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'temperature' }));
  });

  it('sends a long user id as a stable short hash, a short one as is, none when unsupported', () => {
    const longId = JSON.stringify({ device_id: 'e'.repeat(64), account_uuid: '', session_id: 'c521ed47-2fed-4af5-b912-f8eb9e30c820' });
    const first = convertAnthropicRequestToOpenAI({ ...base, metadata: { user_id: longId } }, makeTranslationContext('openai')).value.user;
    expect(first).toBe(`u_${fnv1a64Hex(longId)}`);
    expect(first?.length).toBeLessThanOrEqual(64);
    expect(convertAnthropicRequestToOpenAI({ ...base, metadata: { user_id: 'alice' } }, makeTranslationContext('openai')).value.user).toBe('alice');
    expect(convertAnthropicRequestToOpenAI({ ...base, metadata: { user_id: 'alice' } }, makeTranslationContext('gemini')).value).not.toHaveProperty('user');
  });

  it('warns about Anthropic-only and unknown fields without failing', () => {
    const request = { ...base, context_management: { edits: [] }, service_tier: 'auto', brand_new_field: 1 };
    const { warnings } = convertAnthropicRequestToOpenAI(request, makeTranslationContext('openai'));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_field', field: 'context_management' }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_field', field: 'service_tier' }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'ignored_field', field: 'brand_new_field' }));
  });
});

describe('thinking -> reasoning_effort', () => {
  const effortFor = (request: Partial<AnthropicMessagesRequest>, shape: 'openai' | 'deepseek' = 'openai') =>
    convertAnthropicRequestToOpenAI({ ...base, ...request }, makeTranslationContext(shape));

  it('buckets budget_tokens', () => {
    expect(effortFor({ thinking: { type: 'enabled', budget_tokens: 1024 } }).value.reasoning_effort).toBe('low');
    expect(effortFor({ thinking: { type: 'enabled', budget_tokens: 8000 } }).value.reasoning_effort).toBe('medium');
    expect(effortFor({ thinking: { type: 'enabled', budget_tokens: 31_999 } }).value.reasoning_effort).toBe('high');
  });

  it('prefers output_config.effort and caps max/xhigh at high', () => {
    expect(effortFor({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } }).value.reasoning_effort).toBe('low');
    expect(effortFor({ thinking: { type: 'enabled', budget_tokens: 1024 }, output_config: { effort: 'max' } }).value.reasoning_effort).toBe('high');
    expect(effortFor({ output_config: { effort: 'xhigh' } }).value.reasoning_effort).toBe('high');
  });

  it('sends nothing for adaptive without effort or for disabled thinking', () => {
    expect(effortFor({ thinking: { type: 'adaptive' } }).value).not.toHaveProperty('reasoning_effort');
    expect(effortFor({ thinking: { type: 'disabled' }, output_config: { effort: 'high' } }).value).not.toHaveProperty('reasoning_effort');
  });

  it('drops the effort with a warning for models without reasoning_effort', () => {
    const { value, warnings } = effortFor({ thinking: { type: 'enabled', budget_tokens: 20_000 } }, 'deepseek');
    expect(value).not.toHaveProperty('reasoning_effort');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_field', field: 'thinking' }));
  });
});

describe('structured output', () => {
  const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };

  it('maps output_config.format to response_format json_schema', () => {
    const { value } = convertAnthropicRequestToOpenAI({ ...base, output_config: { format: { type: 'json_schema', schema } } }, makeTranslationContext('openai'));
    expect(value.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema } });
  });

  it('rewrites the schema for Gemini', () => {
    const { value } = convertAnthropicRequestToOpenAI({ ...base, output_config: { format: { type: 'json_schema', schema } } }, makeTranslationContext('gemini'));
    const format = value.response_format;
    expect(format?.type === 'json_schema' ? format.json_schema.schema : undefined).toEqual({ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] });
  });

  it('JSON mode only (DeepSeek): json_object, the schema in the system prompt, and a warning', () => {
    const request: AnthropicMessagesRequest = { ...base, system: 'Write a title.', output_config: { format: { type: 'json_schema', schema } } };
    const { value, warnings } = convertAnthropicRequestToOpenAI(request, makeTranslationContext('deepseek'));
    expect(value.response_format).toEqual({ type: 'json_object' });
    const system = value.messages[0];
    expect(system?.role).toBe('system');
    expect(system?.content).toMatch(/^Write a title\.\n\nRespond with only a JSON object/);
    expect(system?.content).toContain(JSON.stringify(schema));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'structured_output_downgraded', field: 'output_config.format' }));
  });

  it('neither (a server without JSON mode): the prompt instruction alone, as a leading system message, with a warning', () => {
    const context = makeTranslationContext('openai', { structuredOutputs: false, jsonMode: false });
    const { value, warnings } = convertAnthropicRequestToOpenAI({ ...base, output_config: { format: { type: 'json_schema', schema } } }, context);
    expect(value.response_format).toBeUndefined();
    expect(value.messages[0]).toEqual({ role: 'system', content: expect.stringContaining(JSON.stringify(schema)) });
    expect(value.messages[1]).toEqual({ role: 'user', content: 'hi' });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'structured_output_downgraded' }));
  });
});

describe('tools', () => {
  const bash = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };

  it('maps client tools and keeps custom-typed ones', () => {
    const { value } = convertAnthropicRequestToOpenAI({ ...base, tools: [bash, { ...bash, name: 'Custom', type: 'custom' }] }, makeTranslationContext('openai'));
    expect(value.tools).toEqual([
      { type: 'function', function: { name: 'Bash', description: 'Run a command', parameters: bash.input_schema } },
      { type: 'function', function: { name: 'Custom', description: 'Run a command', parameters: bash.input_schema } },
    ]);
  });

  it('gives a tool without input_schema an empty object schema', () => {
    const { value } = convertAnthropicRequestToOpenAI({ ...base, tools: [{ name: 'Ping' }] }, makeTranslationContext('openai'));
    expect(value.tools).toEqual([{ type: 'function', function: { name: 'Ping', parameters: { type: 'object', properties: {} } } }]);
  });

  it('drops server tools with a warning', () => {
    const tools = [bash, { name: 'web_search', type: 'web_search_20250305', max_uses: 3 }, { name: 'bash', type: 'bash_20250124' }];
    const { value, warnings } = convertAnthropicRequestToOpenAI({ ...base, tools }, makeTranslationContext('openai'));
    expect(functionToolsOf(value).map((tool) => tool.function.name)).toEqual(['Bash']);
    expect(codes(warnings).filter((code) => code === 'dropped_tool')).toHaveLength(2);
  });

  it('maps every tool_choice and disable_parallel_tool_use', () => {
    const choose = (tool_choice: AnthropicMessagesRequest['tool_choice']) =>
      convertAnthropicRequestToOpenAI({ ...base, tools: [bash], tool_choice }, makeTranslationContext('openai')).value;
    expect(choose({ type: 'auto' }).tool_choice).toBe('auto');
    expect(choose({ type: 'any' }).tool_choice).toBe('required');
    expect(choose({ type: 'none' }).tool_choice).toBe('none');
    expect(choose({ type: 'tool', name: 'Bash' }).tool_choice).toEqual({ type: 'function', function: { name: 'Bash' } });
    expect(choose({ type: 'auto', disable_parallel_tool_use: true })).toMatchObject({ tool_choice: 'auto', parallel_tool_calls: false });
  });

  it('omits empty tools and the tool_choice that goes with them', () => {
    const { value, warnings } = convertAnthropicRequestToOpenAI({ ...base, tools: [], tool_choice: { type: 'auto' } }, makeTranslationContext('openai'));
    expect(value).not.toHaveProperty('tools');
    expect(value).not.toHaveProperty('tool_choice');
    expect(codes(warnings)).toContain('dropped_field');
  });

  it('drops tool_choice for models that do not take it', () => {
    const context = makeTranslationContext('openai', { toolChoice: false });
    const { value, warnings } = convertAnthropicRequestToOpenAI({ ...base, tools: [bash], tool_choice: { type: 'any' } }, context);
    expect(value).not.toHaveProperty('tool_choice');
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'tool_choice' }));
  });

  it('rewrites tool schemas for Gemini and omits parameters of parameterless tools', () => {
    const tools = [{ ...bash, input_schema: { ...bash.input_schema, $schema: 'x', additionalProperties: false } }, { name: 'List', input_schema: { type: 'object', properties: {} } }];
    const { value } = convertAnthropicRequestToOpenAI({ ...base, tools }, makeTranslationContext('gemini'));
    expect(functionToolsOf(value)[0]?.function.parameters).toEqual(bash.input_schema);
    expect(functionToolsOf(value)[1]?.function).toEqual({ name: 'List' });
  });

  it('reports dropped cache_control markers once', () => {
    const request: AnthropicMessagesRequest = {
      ...base,
      system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
    };
    const { value, warnings } = convertAnthropicRequestToOpenAI(request, makeTranslationContext('openai'));
    expect(JSON.stringify(value)).not.toContain('cache_control');
    expect(warnings.filter((warning) => warning.code === 'dropped_cache_control')).toEqual([expect.objectContaining({ message: expect.stringContaining('2') })]);
  });
});
