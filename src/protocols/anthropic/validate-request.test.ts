import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../errors/proxy-error.js';
import { validateAnthropicCountTokensRequest, validateAnthropicMessagesRequest } from './validate-request.js';

const valid = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };

function paramOf(body: unknown): string | undefined {
  try {
    validateAnthropicMessagesRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return (error as RequestValidationError).param ?? '(none)';
  }
  throw new Error('expected a RequestValidationError');
}

describe('validateAnthropicMessagesRequest', () => {
  it('accepts unknown fields, roles and block types', () => {
    const body = {
      ...valid,
      brand_new: { x: 1 },
      messages: [
        { role: 'user', content: [{ type: 'future_block', payload: 1 }, { type: 'text', text: 'hi' }] },
        { role: 'system', content: 'mid' },
        { role: 'narrator', content: 'odd' },
      ],
    };
    expect(validateAnthropicMessagesRequest(body)).toMatchObject({ brand_new: { x: 1 } });
  });

  it('treats null optional fields as absent', () => {
    const result = validateAnthropicMessagesRequest({ ...valid, temperature: null, tools: null, system: null });
    expect(result).not.toHaveProperty('temperature');
    expect(result).not.toHaveProperty('tools');
  });

  it.each([
    ['a non-object body', [1, 2], '(none)'],
    ['a missing model', { messages: [] }, 'model'],
    ['a numeric model', { ...valid, model: 4 }, 'model'],
    ['missing messages', { model: 'm' }, 'messages'],
    ['empty messages', { ...valid, messages: [] }, 'messages'],
    ['messages as an object', { ...valid, messages: {} }, 'messages'],
    ['a message that is a string', { ...valid, messages: ['hi'] }, 'messages[0]'],
    ['content that is a number', { ...valid, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['a block without type', { ...valid, messages: [{ role: 'user', content: [{ text: 'x' }] }] }, 'messages[0].content[0].type'],
    ['a text block without text', { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text'],
    ['a tool_result without id', { ...valid, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'messages[0].content[0].tool_use_id'],
    ['max_tokens zero', { ...valid, max_tokens: 0 }, 'max_tokens'],
    ['max_tokens fractional', { ...valid, max_tokens: 1.5 }, 'max_tokens'],
    ['a tool without name', { ...valid, tools: [{ input_schema: {} }] }, 'tools[0].name'],
    ['tool_choice tool without name', { ...valid, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
    ['stop_sequences with a number', { ...valid, stop_sequences: [1] }, 'stop_sequences'],
  ])('rejects %s', (_name, body, param) => {
    expect(paramOf(body)).toBe(param);
  });

  it('says what is wrong in words', () => {
    expect(() => validateAnthropicMessagesRequest({ ...valid, max_tokens: -3 })).toThrow('`max_tokens` must be a positive integer, got -3.');
  });

  it('enforces the message and tool limits', () => {
    const messages = Array.from({ length: 10_001 }, () => ({ role: 'user', content: 'x' }));
    expect(paramOf({ ...valid, messages })).toBe('messages');
    const tools = Array.from({ length: 1001 }, (_, index) => ({ name: `t${index}` }));
    expect(paramOf({ ...valid, tools })).toBe('tools');
  });
});

describe('validateAnthropicCountTokensRequest', () => {
  it('does not need max_tokens', () => {
    expect(validateAnthropicCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'foo' }], tools: [] }).model).toBe('m');
  });

  it('still requires messages', () => {
    expect(() => validateAnthropicCountTokensRequest({ model: 'm' })).toThrow(RequestValidationError);
  });
});
