import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters } from './escape-control-characters.js';

/** The rule as one regex, for comparison with the loop that tests for it. */
const reference = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('escapeControlCharacters', () => {
  it('leaves a clean line as it is, the same string', () => {
    const line = '12:00:00.000 req_1 POST /v1/messages claude-sonnet-4-5 -> gpt-4o @default sync 200 total=3ms';
    expect(escapeControlCharacters(line)).toBe(line);
  });

  it('escapes each class at the edges of its range', () => {
    expect(escapeControlCharacters('a\u0000b\u001fc\u007fd\u009fe\u2028f\u2029g\r\n\t')).toBe('a\\x00b\\x1fc\\x7fd\\x9fe\\u2028f\\u2029g\\r\\n\\t');
    expect(escapeControlCharacters('\u0020\u007e\u00a0\u2027\u202a')).toBe('\u0020\u007e\u00a0\u2027\u202a');
  });

  it('changes a string exactly when the rule finds a control character in it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => (escapeControlCharacters(text) !== text) === reference.test(text)), { numRuns: 3000 });
  });

  it('leaves no control character behind', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => !reference.test(escapeControlCharacters(text))), { numRuns: 3000 });
  });
});
