import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import { adaptToRejectedParameter, isVisibleAdaptation, refusedParameterOf, rejectedParameterOf } from './adapt-to-rejected-parameter.js';

const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/upstream/openai-chat/${path}`, import.meta.url), 'utf8'));
const base: OpenAIChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 100, stream: true, stream_options: { include_usage: true }, user: 'u_1' };

describe('adaptToRejectedParameter', () => {
  it("renames max_tokens when OpenAI's reasoning models reject it (recorded error)", () => {
    const adapted = adaptToRejectedParameter(base, fixture('openai/error-400-unsupported-parameter.json'));
    expect(adapted?.action).toBe('renamed to max_completion_tokens');
    expect(adapted?.request).toMatchObject({ max_completion_tokens: 100 });
    expect(adapted?.request).not.toHaveProperty('max_tokens');
  });

  it('drops stream_options when a pydantic server forbids extra inputs', () => {
    const body = { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted' }] };
    const adapted = adaptToRejectedParameter(base, body);
    expect(adapted?.parameter).toBe('stream_options');
    expect(adapted?.request).not.toHaveProperty('stream_options');
    expect(adapted?.request.stream).toBe(true);
  });

  it('drops user named in an "Unrecognized request argument" message', () => {
    expect(adaptToRejectedParameter(base, { error: { message: 'Unrecognized request argument supplied: user' } })?.request).not.toHaveProperty('user');
  });

  it('never drops what carries meaning, and ignores errors that name no field', () => {
    expect(adaptToRejectedParameter(base, { error: { message: "Unsupported parameter: 'messages'", param: 'messages', code: 'unsupported_parameter' } })).toBeUndefined();
    expect(adaptToRejectedParameter(base, fixture('openai/error-400-unsupported-value.json'))).toBeUndefined();
    expect(adaptToRejectedParameter(base, fixture('openai/error-400-context-length-exceeded.json'))).toBeUndefined();
    expect(adaptToRejectedParameter(base, 'Bad Request')).toBeUndefined();
  });

  it('drops prompt_cache_key (a cache hint) when a backend refuses it, also in the form of Gemini\'s OpenAI endpoint', () => {
    const request: OpenAIChatRequest = { ...base, prompt_cache_key: 'thread-1' };
    const openAIStyle = adaptToRejectedParameter(request, { error: { message: "Unrecognized request argument supplied: prompt_cache_key" } });
    expect(openAIStyle).toMatchObject({ parameter: 'prompt_cache_key', action: 'dropped', visible: false });
    expect(openAIStyle?.request).not.toHaveProperty('prompt_cache_key');
    // Google's error shape as users report it from generativelanguage.googleapis.com/v1beta/openai
    // (https://github.com/Alishahryar1/free-claude-code/issues/542), with this field's name.
    const gemini = [{ error: { code: 400, message: 'Invalid JSON payload received. Unknown name "prompt_cache_key": Cannot find field.', status: 'INVALID_ARGUMENT' } }];
    expect(adaptToRejectedParameter(request, gemini)?.request).toEqual(base);
    expect(refusedParameterOf(request, gemini)).toBeUndefined();
    // A nested unknown name (a tool schema keyword) is not a top-level field to drop.
    const nested = [{ error: { message: 'Invalid JSON payload received. Unknown name "user" at \'tools[0].function_declarations[0].parameters\': Cannot find field.' } }];
    expect(rejectedParameterOf(nested)).toBeUndefined();
  });

  it('does nothing when the request does not carry the named field', () => {
    expect(adaptToRejectedParameter({ model: 'm', messages: [] }, { error: { message: "Unsupported parameter: 'user'" } })).toBeUndefined();
  });

  it('reads the field from param only when the error says it is not supported', () => {
    expect(rejectedParameterOf({ error: { param: 'temperature', code: 'unsupported_value', message: "Unsupported value: 'temperature' does not support 0.2" } })).toBe('temperature');
    expect(rejectedParameterOf({ error: { param: 'temperature', code: 'invalid_value', message: 'must be between 0 and 2' } })).toBeUndefined();
  });

  it('refuses to adapt away fields that carry meaning, and names what it adapts visibly', () => {
    const request: OpenAIChatRequest = { ...base, tool_choice: 'required', temperature: 0.2, stop: ['END'] };
    const unsupported = (field: string) => ({ error: { message: `Unsupported parameter: '${field}'`, param: field, code: 'unsupported_parameter' } });
    expect(adaptToRejectedParameter(request, unsupported('tool_choice'))).toBeUndefined();
    expect(refusedParameterOf(request, unsupported('tool_choice'))).toBe('tool_choice');
    expect(adaptToRejectedParameter(request, unsupported('temperature'))).toMatchObject({ action: 'adapted', visible: true });
    expect(adaptToRejectedParameter(request, unsupported('stop'))).toMatchObject({ action: 'enforced', visible: true });
    expect(refusedParameterOf(request, unsupported('temperature'))).toBeUndefined();
    expect([isVisibleAdaptation('top_p'), isVisibleAdaptation('stop'), isVisibleAdaptation('user'), isVisibleAdaptation('stream_options')]).toEqual([true, true, false, false]);
  });
});
