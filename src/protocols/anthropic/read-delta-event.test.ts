import { describe, expect, it } from 'vitest';
import { readAnthropicDeltaEvent } from './read-delta-event.js';

const delta = (index: number, value: Record<string, unknown>) => JSON.stringify({ type: 'content_block_delta', index, delta: value });

describe('readAnthropicDeltaEvent', () => {
  it.each([
    delta(0, { type: 'text_delta', text: 'Hello' }),
    delta(12, { type: 'text_delta', text: '' }),
    delta(1, { type: 'thinking_delta', thinking: 'He said "hi"\n\u2028 ✓ \\ </script>' }),
    delta(3, { type: 'input_json_delta', partial_json: '{"command":"echo \\"x\\""' }),
  ])('gives what JSON.parse gives for %s', (data) => {
    const read = readAnthropicDeltaEvent(data);
    expect(read).toEqual(JSON.parse(data));
    // Same fields in the same order: the events encode to the same bytes downstream.
    expect(JSON.stringify(read)).toBe(data);
  });

  it.each([
    ['a signature delta', delta(0, { type: 'signature_delta', signature: 'abc' })],
    ['another event', JSON.stringify({ type: 'content_block_stop', index: 0 })],
    ['spacing', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }, null, 1)],
    ['another field order', JSON.stringify({ index: 0, type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } })],
    ['another field after the text', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x', extra: 'y' } })],
    ['a field where the text belongs', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","x":"b"}}'],
    ['a leading zero (not JSON)', '{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}'],
    ['a negative index', '{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"a"}}'],
    ['a raw control character (not JSON)', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\tb"}}'],
    ['an escaped closing quote (not JSON)', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\"}}'],
    ['a cut payload', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"}}'],
  ])('leaves %s to JSON.parse', (_name, data) => {
    expect(readAnthropicDeltaEvent(data)).toBeUndefined();
  });
});
