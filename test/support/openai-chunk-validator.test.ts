import { describe, expect, it } from 'vitest';
import { validateOpenAIChunkStream } from './openai-chunk-validator.js';

const head = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm' };
const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ ...head, choices: [{ index: 0, delta: value, finish_reason: finish }] });
const role = delta({ role: 'assistant', content: '' });
const stop = delta({}, 'stop');
const usage = { ...head, choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } };
const call = (index: number, args: string) => delta({ tool_calls: [{ index, id: `t${index}`, type: 'function', function: { name: 'f', arguments: args } }] });
const more = (index: number, args: string) => delta({ tool_calls: [{ index, function: { arguments: args } }] });

describe('validateOpenAIChunkStream', () => {
  it('accepts a well-formed stream', () => {
    expect(() => validateOpenAIChunkStream([role, call(0, ''), more(0, '{}'), call(1, '{"a":1}'), delta({}, 'tool_calls'), usage], { includeUsage: true })).not.toThrow();
  });

  it.each([
    ['missing role', [delta({ content: 'x' }), stop], false, /role/],
    ['id changes', [role, { ...stop, id: 'c2' }], false, /id changed/],
    ['no finish', [role], false, /no chunk with a finish_reason/],
    ['two finishes', [role, stop, stop], false, /after the finish/],
    ['usage missing', [role, stop], true, /usage chunk missing/],
    ['usage unasked', [role, stop, usage], false, /usage chunk present/],
    ['tool index skips', [role, call(1, '{}'), stop], false, /skips/],
    ['later delta repeats id', [role, call(0, ''), call(0, '{}'), stop], false, /repeats/],
    ['arguments not JSON', [role, call(0, '{"a":'), delta({}, 'tool_calls')], false, /not JSON/],
    ['frames after error', [role, { error: { message: 'x' } }, stop], false, /after the error/],
  ] as const)('rejects: %s', (_label, chunks, includeUsage, message) => {
    expect(() => validateOpenAIChunkStream([...chunks], { includeUsage })).toThrow(message);
  });

  it('allows cut tool arguments on a length stop, and an error payload as the ending', () => {
    expect(() => validateOpenAIChunkStream([role, call(0, '{"a":'), delta({}, 'length')], { includeUsage: false })).not.toThrow();
    expect(() => validateOpenAIChunkStream([role, { error: { message: 'Overloaded' } }], { includeUsage: true })).not.toThrow();
  });
});
