import { describe, expect, it } from 'vitest';
import { SseDecoder } from './sse-decoder.js';

function decode(chunks: readonly Uint8Array[]): string[] {
  const data: string[] = [];
  const decoder = new SseDecoder({ onEvent: (event) => data.push(event.data) });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return data;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

/** Every way to cut `whole` in two, and in three around `middle`. */
function splits(whole: Uint8Array, middle: number): Uint8Array[][] {
  const cuts: Uint8Array[][] = [];
  for (let at = 0; at <= whole.length; at++) {
    cuts.push([whole.subarray(0, at), whole.subarray(at)]);
    if (at < middle) cuts.push([whole.subarray(0, at), whole.subarray(at, middle), whole.subarray(middle)]);
  }
  return cuts;
}

describe('SseDecoder text decoding', () => {
  it('drops the BOM that starts a stream, however the first bytes are cut', () => {
    const whole = concat(bom, bytes('data: héllo ✓\n\ndata: two\n\n'));
    for (const chunks of splits(whole, 12)) expect(decode(chunks)).toEqual(['héllo ✓', 'two']);
  });

  it('keeps a BOM inside the stream as text, and characters cut between chunks whole', () => {
    const whole = concat(bytes('data: a\n\ndata: '), bom, bytes('b é ✓ 😀\n\n'));
    for (const chunks of splits(whole, 10)) expect(decode(chunks)).toEqual(['a', '\ufeffb é ✓ 😀']);
  });

  it('turns a broken sequence into U+FFFD wherever the cut falls', () => {
    const whole = concat(bytes('data: x'), Uint8Array.of(0xe2, 0x9c), bytes('\n\ndata: y'), Uint8Array.of(0xf0, 0x9f), bytes('z\n\n'));
    for (const chunks of splits(whole, 9)) expect(decode(chunks)).toEqual(['x\ufffd', 'y\ufffdz']);
  });
});
