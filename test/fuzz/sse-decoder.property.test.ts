/**
 * The SSE decoder gives the same events for any split of the input (bytes cut anywhere, UTF-8
 * sequences and CRLF pairs included), and its pending-size limit fails cleanly and only then.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseDecoder, SseEventTooLargeError, type SseEvent } from '../../src/sse/sse-decoder.js';

const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const field = fc.string({ unit: 'grapheme', maxLength: 30 }).map((value) => value.replace(/[\r\n]/g, ' '));
const frame = fc.tuple(fc.option(field, { nil: undefined }), fc.array(field, { minLength: 1, maxLength: 3 }), lineEnd, fc.boolean()).map(
  ([event, data, eol, comment]) =>
    `${comment ? `: keep-alive${eol}` : ''}${event === undefined ? '' : `event: ${event}${eol}`}${data.map((line) => `data: ${line}${eol}`).join('')}${eol}`,
);

function decode(chunks: Uint8Array[], maxEventSize?: number): SseEvent[] {
  const events: SseEvent[] = [];
  const decoder = new SseDecoder({ onEvent: (event) => events.push(event) }, { maxEventSize });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return events;
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  return chunks;
}

describe('SseDecoder properties', () => {
  it('any split of the bytes gives the same events as the whole', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (frames, cuts) => {
        const bytes = new TextEncoder().encode(frames.join(''));
        expect(decode(splitAt(bytes, cuts))).toEqual(decode([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it('byte-by-byte input gives the same events too (with a tight limit that real frames stay under)', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 4 }), (frames) => {
        const bytes = new TextEncoder().encode(frames.join(''));
        const oneByOne = Array.from(bytes, (byte) => Uint8Array.of(byte));
        expect(decode(oneByOne, 1_000)).toEqual(decode([bytes]));
      }),
      { numRuns: 100 },
    );
  });

  it('a line or an event over the limit throws SseEventTooLargeError, however it is split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 200 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 10 }), (limit, manyLines, cuts) => {
        const oversized = manyLines ? 'data: x\n'.repeat(limit) : `data: ${'y'.repeat(limit * 2)}`;
        const bytes = new TextEncoder().encode(`data: ok\n\n${oversized}`);
        expect(() => decode(splitAt(bytes, cuts), limit)).toThrow(SseEventTooLargeError);
      }),
      { numRuns: 200 },
    );
  });
});
