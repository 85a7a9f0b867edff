import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonPrefixScanner } from './json-prefix-scanner.js';

/** How much of `text`, fed in the given pieces, the scanner accepts. */
function accepted(pieces: string[]): number {
  const scanner = new JsonPrefixScanner();
  let total = 0;
  for (const piece of pieces) {
    const valid = scanner.accept(piece);
    total += valid;
    if (valid < piece.length) break;
  }
  return total;
}

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

describe('JsonPrefixScanner', () => {
  it('accepts every JSON object, whitespace included, however it is split', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (object, pretty, cuts) => {
        const text = JSON.stringify(object, null, pretty ? 2 : undefined);
        expect(accepted(splitAt(text, cuts))).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every prefix of a JSON object', () => {
    const text = '{"command": "echo \\"hi\\" \\u00e9", "n": -1.5e3, "ok": [true, false, null, {}], "deep": {"a": []}}';
    for (let end = 0; end <= text.length; end++) expect(accepted([text.slice(0, end)])).toBe(end);
  });

  it.each([
    ['{"a":1}x', 7],
    ["{'a':1}", 1],
    ['"{\\"a\\":1}"', 0],
    ['[1,2]', 0],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"a":tru e}', 8],
    ['{"a":01}', 6],
    ['{"a":1-2}', 6],
    ['{"a":--1}', 6],
    ['{"a":1.}', 7],
    ['{"a":1.e5}', 7],
    ['{"a":1e}', 7],
    ['{"a":1e+}', 8],
    ['{"a":1e+-1}', 8],
    ['{"a":-}', 6],
    ['{"a":+1}', 5],
    ['{"a":.5}', 5],
    ['{"a":1.5.2}', 8],
    ['{"a":1e5e}', 8],
    ['{"a":"\\x"}', 7],
    ['{"a":1}}', 7],
    ['{"a":"line\nbreak"}', 10],
  ])('stops %j at character %i', (text, expected) => {
    expect(accepted([text])).toBe(expected);
  });

  it('forwards unfinished numbers that can still become JSON (every prefix of an RFC 8259 number)', () => {
    for (const number of ['-0', '0.5', '-12.25e+10', '3E-2', '7e9']) {
      const text = `{"n":${number}}`;
      for (let end = 0; end <= text.length; end++) expect(accepted([text.slice(0, end)])).toBe(end);
    }
  });

  it('isComplete only once the top-level object is closed', () => {
    const scanner = new JsonPrefixScanner();
    scanner.accept('{"a":[1,');
    expect(scanner.isComplete).toBe(false);
    scanner.accept('2]}');
    expect(scanner.isComplete).toBe(true);
    scanner.accept('  ');
    expect(scanner.isComplete).toBe(true);
  });
});
