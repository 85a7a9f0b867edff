import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../errors/proxy-error.js';
import { validateResponsesRequest } from './validate-request.js';

/** The request bodies Codex CLI 0.169 sent (test/fixtures/clients/codex/NOTES.md). */
const codexCaptures = ['codex/01-exec-say-hi-responses-request.json', 'codex/02-tool-turn1-request.json', 'codex/03-tool-turn2-with-function_call_output.json'].map(
  (name) => [name, (JSON.parse(readFileSync(new URL(`../../../test/fixtures/clients/${name}`, import.meta.url), 'utf8')) as { body: unknown }).body] as const,
);

function problemOf(body: unknown): { param: string | undefined; message: string } {
  try {
    validateResponsesRequest(body);
  } catch (error) {
    if (error instanceof RequestValidationError) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected a RequestValidationError');
}

describe('validateResponsesRequest', () => {
  it.each(codexCaptures)("accepts Codex's captured request %s as it is", (_name, body) => {
    expect(validateResponsesRequest(body)).toBe(body);
  });

  it('accepts a string input, an easy message without type, and unknown item and tool types', () => {
    expect(validateResponsesRequest({ model: 'm', input: 'hi' }).input).toBe('hi');
    const body = {
      model: 'm',
      input: [{ role: 'user', content: 'hi' }, { type: 'reasoning', encrypted_content: 'x', summary: [] }, { type: 'some_future_item', x: 1 }],
      tools: [{ type: 'web_search', external_web_access: false }, { type: 'future_tool' }],
      some_client_extension: true,
    };
    expect(validateResponsesRequest(body)).toBe(body);
  });

  it('refuses state the proxy does not keep, saying to send the full history', () => {
    expect(problemOf({ model: 'm', input: 'hi', previous_response_id: 'resp_1' })).toEqual({
      param: 'previous_response_id',
      message: 'previous_response_id is not supported: this proxy keeps no responses. Send the full conversation in input (Codex does) and leave previous_response_id out.',
    });
    expect(problemOf({ model: 'm', input: 'hi', store: true }).param).toBe('store');
    expect(problemOf({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }).param).toBe('input[0]');
    expect(validateResponsesRequest({ model: 'm', input: 'hi', store: false, previous_response_id: null }).model).toBe('m');
  });

  it('names the param of each malformed part', () => {
    expect(problemOf({ input: 'hi' }).param).toBe('model');
    expect(problemOf({ model: 'm' }).param).toBe('input');
    expect(problemOf({ model: 'm', input: [{ type: 'message', role: 'robot', content: 'x' }] }).param).toBe('input[0].role');
    expect(problemOf({ model: 'm', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text' }] }] }).param).toBe('input[0].content[0].text');
    expect(problemOf({ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }).param).toBe('input[0].call_id');
    expect(problemOf({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 7 }] }).param).toBe('input[0].output');
    expect(problemOf({ model: 'm', input: 'hi', tools: [{ type: 'namespace', name: 'n', tools: [{}] }] }).param).toBe('tools[0].tools[0].name');
    expect(problemOf({ model: 'm', input: 'hi', max_output_tokens: 0 }).param).toBe('max_output_tokens');
  });
});
