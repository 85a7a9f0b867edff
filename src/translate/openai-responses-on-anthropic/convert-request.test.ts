import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { convertResponsesRequestToAnthropic } from './convert-request.js';

function codexCapture(name: string): ResponsesRequest {
  return (JSON.parse(readFileSync(new URL(`../../../test/fixtures/clients/codex/${name}`, import.meta.url), 'utf8')) as { body: ResponsesRequest }).body;
}

const context = createFixedTranslationContext();

describe('convertResponsesRequestToAnthropic on what Codex sends', () => {
  it('turns the developer messages into the system prompt, keeps the user turn, flattens the namespace, leaves out web search without live access', () => {
    const { value, warnings } = convertResponsesRequestToAnthropic(codexCapture('01-exec-say-hi-responses-request.json'), context);
    const { request } = value;
    expect(typeof request.system).toBe('string');
    expect(String(request.system).length).toBeGreaterThan(1000);
    expect(request.messages.map((message) => message.role)).toEqual(['user']);
    expect(JSON.stringify(request.messages[0]!.content)).toContain('say hi');
    const names = (request.tools ?? []).map((tool) => tool.name);
    expect(names).toContain('exec_command');
    expect(names).toContain('multi_agent_v1__close_agent');
    expect(names).not.toContain('web_search');
    expect(value.toolMap.toClient.get('multi_agent_v1__close_agent')).toEqual({ kind: 'function', name: 'close_agent', namespace: 'multi_agent_v1' });
    expect(request.stream).toBe(true);
    expect(warnings.map((warning) => warning.code)).toContain('dropped_tool');
    // Codex's own fields (store, include, prompt_cache_key, client_metadata) are known, not "ignored".
    expect(warnings.filter((warning) => warning.code === 'ignored_field')).toEqual([]);
  });

  it("carries Codex's prompt_cache_key: automatic prompt caching on Claude, the key itself beside the request for a Chat backend", () => {
    const codex = codexCapture('01-exec-say-hi-responses-request.json');
    expect(typeof codex.prompt_cache_key).toBe('string');
    const onClaude = convertResponsesRequestToAnthropic(codex, context, 'claude').value;
    expect(onClaude.request.cache_control).toEqual({ type: 'ephemeral' });
    expect(onClaude.promptCacheKey).toBe(codex.prompt_cache_key);
    const intermediate = convertResponsesRequestToAnthropic(codex, context, 'intermediate').value;
    // The Anthropic-on-Chat step would only drop a top-level cache_control: the key goes instead.
    expect(intermediate.request).not.toHaveProperty('cache_control');
    expect(intermediate.promptCacheKey).toBe(codex.prompt_cache_key);
    const without = convertResponsesRequestToAnthropic({ ...codex, prompt_cache_key: null }, context, 'claude').value;
    expect(without.request).not.toHaveProperty('cache_control');
    expect(without).not.toHaveProperty('promptCacheKey');
  });

  it('turns a tool round trip into tool_use and tool_result, in Anthropic order', () => {
    const { value } = convertResponsesRequestToAnthropic(codexCapture('03-tool-turn2-with-function_call_output.json'), context);
    const messages = value.request.messages;
    const assistant = messages.find((message) => message.role === 'assistant')!;
    const blocks = assistant.content as Array<{ type: string; name?: string; input?: unknown; id?: string }>;
    const call = blocks.find((block) => block.type === 'tool_use')!;
    expect(call).toMatchObject({ name: 'exec_command', input: { cmd: 'echo proxy-ok' } });
    const after = messages[messages.indexOf(assistant) + 1]!;
    expect(after.role).toBe('user');
    expect((after.content as Array<{ type: string; tool_use_id?: string }>)[0]).toMatchObject({ type: 'tool_result', tool_use_id: call.id });
  });
});

describe('convertResponsesRequestToAnthropic', () => {
  const base: ResponsesRequest = { model: 'claude-sonnet-5', input: 'hi' };

  it('puts reasoning first in its assistant turn, as thinking with the signature, and a redacted one back as redacted thinking', () => {
    const { value } = convertResponsesRequestToAnthropic({
      ...base,
      input: [
        { role: 'user', content: 'q' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"a":1}' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thought' }], encrypted_content: 'sig-1' },
        { type: 'reasoning', summary: [], encrypted_content: 'rt1.opaque' },
        { type: 'function_call_output', call_id: 'c1', output: 'done' },
        { role: 'user', content: 'and now?' },
      ],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
    }, context);
    expect(value.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'thought', signature: 'sig-1' }, { type: 'redacted_thinking', data: 'opaque' }, { type: 'tool_use', id: 'c1', name: 'f', input: { a: 1 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'done' }, { type: 'text', text: 'and now?' }] },
    ]);
  });

  it('maps instructions, images, a custom tool, tool_choice, effort and the JSON schema format', () => {
    const { value } = convertResponsesRequestToAnthropic({
      ...base,
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] }],
      tools: [{ type: 'custom', name: 'apply_patch', description: 'Patch files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      reasoning: { effort: 'high' },
      max_output_tokens: 4000,
      text: { format: { type: 'json_schema', name: 'r', schema: { type: 'object' } } },
    }, context);
    const { request } = value;
    expect(request.system).toBe('Be brief.');
    expect(request.messages[0]!.content).toEqual([{ type: 'text', text: 'look' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }]);
    expect(request.tools?.[0]).toMatchObject({ name: 'apply_patch', input_schema: { required: ['input'] } });
    expect(String(request.tools?.[0]?.description)).toContain('start: "x"');
    expect(request.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(request.max_tokens).toBe(4000);
    expect(request.output_config?.format).toEqual({ type: 'json_schema', schema: { type: 'object' }, name: 'r' });
    expect(value.toolMap.toClient.get('apply_patch')).toEqual({ kind: 'custom', name: 'apply_patch' });
  });

  it('refuses what it cannot carry with a 400 naming the param, and warns about unknown fields', () => {
    expect(() => convertResponsesRequestToAnthropic({ ...base, input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }, context)).toThrow(/file_id images/);
    expect(() => convertResponsesRequestToAnthropic({ ...base, reasoning: { effort: 'extreme' } }, context)).toThrow('reasoning.effort extreme is not supported.');
    expect(() => convertResponsesRequestToAnthropic({ ...base, input: [{ role: 'developer', content: 'only rules' }] }, context)).toThrow('input has no user or assistant message to answer.');
    const { warnings } = convertResponsesRequestToAnthropic({ ...base, some_future_field: 1 }, context);
    expect(warnings).toContainEqual({ code: 'ignored_field', message: 'some_future_field has no equivalent on this backend; ignored.', field: 'some_future_field' });
  });

  it("warns that text.verbosity (Codex's \"low\" for the models it knows) is dropped, and keeps the format", () => {
    const { value, warnings } = convertResponsesRequestToAnthropic({ ...base, text: { verbosity: 'low', format: { type: 'json_object' } } }, context);
    expect(warnings).toContainEqual({ code: 'dropped_field', message: 'text.verbosity low has no equivalent on this backend; ignored.', field: 'text.verbosity' });
    expect(value.request.output_config?.format).toEqual({ type: 'json_schema', schema: { type: 'object', additionalProperties: true } });
    expect(convertResponsesRequestToAnthropic({ ...base, text: { format: { type: 'text' } } }, context).warnings).toEqual([]);
  });
});
