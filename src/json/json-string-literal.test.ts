import fc from 'fast-check';
import { expect, it } from 'vitest';
import { jsonStringLiteral } from './json-string-literal.js';

it.each(['', ' lorem', 'He said "hi"', 'a\\b', 'tab\tnew\nline\u0000', '\u2028\u2029 </script> ✓', '😀', 'lone \ud83d high', 'lone \ude00 low', '\u007f\u0080'])(
  'jsonStringLiteral(%j) is JSON.stringify',
  (text) => {
    expect(jsonStringLiteral(text)).toBe(JSON.stringify(text));
  },
);

it('jsonStringLiteral is JSON.stringify for any string, surrogates and control characters included', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => jsonStringLiteral(text) === JSON.stringify(text)), { numRuns: 2000 });
});
