import { expect, it } from 'vitest';
import { decodeJsonString } from './decode-json-string.js';

it('decodeJsonString: one string literal, or undefined', () => {
  expect(decodeJsonString('"a\\"b\\n\\u00e9"')).toBe('a"b\né');
  expect(decodeJsonString('"a","b"')).toBeUndefined();
  expect(decodeJsonString('"a\\q"')).toBeUndefined();
  expect(decodeJsonString('"a\tb"')).toBeUndefined();
  expect(decodeJsonString('12')).toBeUndefined();
});
