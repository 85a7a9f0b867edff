import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../errors/proxy-error.js';
import { assertClaudeCanServe, validateOpenAIChatRequest } from './validate-request.js';

const minimal = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] };

function paramOf(body: unknown): string | undefined {
  try {
    validateOpenAIChatRequest(body);
  } catch (error) {
    if (error instanceof RequestValidationError) return error.param;
    throw error;
  }
  throw new Error('expected a RequestValidationError');
}

describe('validateOpenAIChatRequest', () => {
  it('accepts a minimal request and keeps unknown fields', () => {
    const body = { ...minimal, some_client_extension: { x: 1 }, stream_options: { include_usage: true } };
    expect(validateOpenAIChatRequest(body)).toBe(body);
  });

  it('accepts every message role in a realistic conversation', () => {
    const body = {
      ...minimal,
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'w', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } },
        { role: 'function', name: 'f', content: 'ok' },
      ],
    };
    expect(() => validateOpenAIChatRequest(body)).not.toThrow();
  });

  it.each([
    ['not an object', [], 'body'],
    ['null', null, 'body'],
    ['missing model', { messages: minimal.messages }, 'model'],
    ['messages missing', { model: 'm' }, 'messages'],
    ['messages not an array', { model: 'm', messages: {} }, 'messages'],
    ['messages empty', { model: 'm', messages: [] }, 'messages'],
    ['message not an object', { model: 'm', messages: ['hi'] }, 'messages[0]'],
    ['message without role', { model: 'm', messages: [{ content: 'hi' }] }, 'messages[0].role'],
    ['unknown role', { model: 'm', messages: [{ role: 'robot', content: 'hi' }] }, 'messages[0].role'],
    ['user without content', { model: 'm', messages: [{ role: 'user' }] }, 'messages[0].content'],
    ['content part without type', { model: 'm', messages: [{ role: 'user', content: [{ text: 'x' }] }] }, 'messages[0].content[0]'],
    ['tool without tool_call_id', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    ['tool call without name', { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: {} }] }] }, 'messages[0].tool_calls[0].function.name'],
    ['temperature as string', { ...minimal, temperature: '0.5' }, 'temperature'],
    ['stop with a number', { ...minimal, stop: ['a', 1] }, 'stop'],
    ['tools not an array', { ...minimal, tools: {} }, 'tools'],
  ])('rejects %s', (_label, body, param) => {
    expect(paramOf(body)).toBe(param);
  });

  it('n = 1 and logprobs false are fine', () => {
    expect(() => validateOpenAIChatRequest({ ...minimal, n: 1, logprobs: false })).not.toThrow();
  });

  it('accepts n > 1 and logprobs (an OpenAI backend serves them); Claude routes refuse them, saying why', () => {
    for (const extra of [{ n: 3 }, { logprobs: true }, { top_logprobs: 3 }]) {
      const request = validateOpenAIChatRequest({ ...minimal, ...extra });
      expect(() => assertClaudeCanServe(request)).toThrow(/not supported by Claude/);
    }
    expect(() => assertClaudeCanServe(validateOpenAIChatRequest({ ...minimal, n: 1, logprobs: false }))).not.toThrow();
  });
});
