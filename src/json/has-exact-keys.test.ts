import { expect, it } from 'vitest';
import { hasExactKeys } from './has-exact-keys.js';

it('hasExactKeys: the same keys in the same order, nothing more or less', () => {
  expect(hasExactKeys({ a: 1, b: undefined }, ['a', 'b'])).toBe(true);
  expect(hasExactKeys({ b: 1, a: 1 }, ['a', 'b'])).toBe(false);
  expect(hasExactKeys({ a: 1 }, ['a', 'b'])).toBe(false);
  expect(hasExactKeys({ a: 1, b: 2, c: 3 }, ['a', 'b'])).toBe(false);
});
