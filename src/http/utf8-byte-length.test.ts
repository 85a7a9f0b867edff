import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8-byte-length.js';

describe('utf8ByteLength', () => {
  it('is the size TextEncoder gives, for ASCII, two-, three- and four-byte characters and lone surrogates', () => {
    for (const text of ['', '{"a":1}', 'é', 'ü€', '日本語', '😀', 'a😀b', '\ud800', '\udc00x', 'x\ud800', '\ud83d\ud83d\ude00']) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).byteLength);
    }
  });

  it('agrees with TextEncoder on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => utf8ByteLength(text) === new TextEncoder().encode(text).byteLength), { numRuns: 2000 });
  });
});
