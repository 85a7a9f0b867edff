import { describe, expect, it } from 'vitest';
import { checkOpenAIChatRequest } from './openai-request-checker.js';

const call = { id: 'c1', type: 'function', function: { name: 'Bash', arguments: '{}' } };

describe('checkOpenAIChatRequest', () => {
  it('accepts a valid tool round trip', () => {
    const request = { model: 'm', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'c1', content: 'ok' }] };
    expect(checkOpenAIChatRequest(request)).toEqual([]);
  });

  it.each([
    ['an unanswered tool call', [{ role: 'assistant', content: null, tool_calls: [call] }, { role: 'user', content: 'x' }]],
    ['a tool message for an unknown call', [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'zz', content: 'ok' }]],
    ['an invalid role', [{ role: 'narrator', content: 'x' }]],
    ['an empty assistant message', [{ role: 'assistant', content: null }]],
    ['a bad content part', [{ role: 'user', content: [{ type: 'image', source: {} }] }]],
    ['a leftover cache_control', [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }]],
    ['an undefined value', [{ role: 'user', content: 'x', name: undefined }]],
  ])('finds %s', (_name, messages) => {
    expect(checkOpenAIChatRequest({ model: 'm', messages })).not.toEqual([]);
  });

  it('checks Gemini schemas by grammar position', () => {
    const tool = (parameters: unknown) => ({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'T', parameters } }] });
    expect(checkOpenAIChatRequest(tool({ type: 'object', properties: { $schema: { type: 'string' } } }), { schemaDialect: 'gemini' })).toEqual([]);
    expect(checkOpenAIChatRequest(tool({ type: 'object', $schema: 'x', properties: {} }), { schemaDialect: 'gemini' })).not.toEqual([]);
    expect(checkOpenAIChatRequest(tool({ type: 'object', properties: { a: { type: 'string', format: 'uri' } } }), { schemaDialect: 'gemini' })).not.toEqual([]);
  });
});
