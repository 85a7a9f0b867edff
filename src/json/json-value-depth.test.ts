import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNestingDepth } from './json-nesting-depth.js';
import { jsonValueDepthExceeds } from './json-value-depth.js';

describe('jsonValueDepthExceeds', () => {
  it('counts levels as jsonNestingDepth counts them in the text', () => {
    expect(jsonValueDepthExceeds('[[[', 0)).toBe(false);
    expect(jsonValueDepthExceeds(null, 0)).toBe(false);
    expect(jsonValueDepthExceeds([], 0)).toBe(true);
    expect(jsonValueDepthExceeds([], 1)).toBe(false);
    expect(jsonValueDepthExceeds({ a: [{ b: [] }] }, 3)).toBe(true);
    expect(jsonValueDepthExceeds({ a: [{ b: [] }] }, 4)).toBe(false);
    expect(jsonValueDepthExceeds({ a: 'x'.repeat(10), b: [1, 2, [3]] }, 2)).toBe(true);
  });

  it('agrees with the text scan on arbitrary JSON, at every limit around the depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, limit) => {
        const depth = jsonNestingDepth(JSON.stringify(value));
        return jsonValueDepthExceeds(value, limit) === depth > limit;
      }),
      { numRuns: 3000 },
    );
  });

  it('checks a value of any depth without overflowing the stack, and stops past the limit', () => {
    const levels = 200_000;
    const deep = JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`) as unknown;
    expect(jsonValueDepthExceeds(deep, 100)).toBe(true);
    expect(jsonValueDepthExceeds(deep, levels)).toBe(false);
  });
});
