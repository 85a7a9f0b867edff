import { describe, expect, it } from 'vitest';
import { closingQuoteIndex } from './closing-quote-index.js';
import { jsonNestingDepth } from './json-nesting-depth.js';

describe('closingQuoteIndex', () => {
  it('finds the closing quote past escaped quotes and escaped backslashes', () => {
    expect(closingQuoteIndex('"abc" x', 0)).toBe(4);
    expect(closingQuoteIndex('"a\\"b" x', 0)).toBe(5);
    expect(closingQuoteIndex('"a\\\\" x', 0)).toBe(4);
    expect(closingQuoteIndex('"a\\\\\\"b" x', 0)).toBe(7);
    expect(closingQuoteIndex('{"k":"v"}', 5)).toBe(7);
  });

  it('gives the end of the text for a string left open', () => {
    expect(closingQuoteIndex('"abc', 0)).toBe(4);
    expect(closingQuoteIndex('"abc\\"', 0)).toBe(6);
  });
});

describe('jsonNestingDepth', () => {
  it('counts brackets outside strings only and stops past the limit', () => {
    expect(jsonNestingDepth('{"a":"\\"[[[[","b":[1]}')).toBe(2);
    expect(jsonNestingDepth('[[["é ü 😀"]]]')).toBe(3);
    expect(jsonNestingDepth('[[[[[[', 2)).toBe(3);
    expect(jsonNestingDepth('"[[[')).toBe(0);
  });
});
