import { describe, expect, it } from 'vitest';
import { createKeyObjectScanner } from './scan-key-objects.js';

const encoder = new TextEncoder();

function objectsIn(chunks: readonly string[], maxObjectBytes?: number): string[] {
  const found: string[] = [];
  const scanner = createKeyObjectScanner('usage', (text) => found.push(text), maxObjectBytes);
  for (const chunk of chunks) scanner.push(encoder.encode(chunk));
  return found;
}

/** Every way of cutting an ASCII `text` in two. */
function splits(text: string): string[][] {
  const cuts: string[][] = [];
  for (let at = 0; at <= text.length; at++) cuts.push([text.slice(0, at), text.slice(at)]);
  return cuts;
}

describe('createKeyObjectScanner', () => {
  const anthropicStream =
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","content":[],"usage":{"input_tokens":25,"cache_read_input_tokens":3,"cache_creation":{"ephemeral_5m_input_tokens":0},"output_tokens":1}}}\n\n' +
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"the \\"usage\\": {\\"input_tokens\\": 999} and } braces {"}}\n\n' +
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}\n\n';

  it('finds every object under the key, nested objects whole, text inside strings ignored', () => {
    expect(objectsIn([anthropicStream])).toEqual([
      '{"input_tokens":25,"cache_read_input_tokens":3,"cache_creation":{"ephemeral_5m_input_tokens":0},"output_tokens":1}',
      '{"output_tokens":15}',
    ]);
  });

  it('finds the same objects however the bytes are cut: in two anywhere, or into single bytes', () => {
    const whole = objectsIn([anthropicStream]);
    for (const parts of splits(anthropicStream)) expect(objectsIn(parts)).toEqual(whole);
    expect(objectsIn([...anthropicStream])).toEqual(whole);
  });

  it('keeps multi-byte characters inside an object intact across cuts', () => {
    const text = '{"usage":{"note":"é漢🙂","prompt_tokens":7}}';
    const bytes = encoder.encode(text);
    for (let at = 0; at <= bytes.length; at++) {
      const found: string[] = [];
      const scanner = createKeyObjectScanner('usage', (object) => found.push(object));
      scanner.push(bytes.subarray(0, at));
      scanner.push(bytes.subarray(at));
      expect(found).toEqual(['{"note":"é漢🙂","prompt_tokens":7}']);
    }
  });

  it('skips a key whose value is not an object (null), whitespace allowed around the colon', () => {
    expect(objectsIn(['{"usage":null,"x":1}', '{"usage" :\n {"completion_tokens":2}}'])).toEqual(['{"completion_tokens":2}']);
  });

  it('drops an object larger than the bound and goes on seeking', () => {
    const big = `{"usage":{"padding":"${'x'.repeat(200)}"}} {"usage":{"output_tokens":4}}`;
    expect(objectsIn([big], 64)).toEqual(['{"output_tokens":4}']);
  });

  it('does not match an escaped key inside a string', () => {
    expect(objectsIn(['{"text":"say \\"usage\\":{\\"a\\":1}"}'])).toEqual([]);
  });
});
