import { describe, expect, it } from 'vitest';
import { isRecord } from './is-record.js';

describe('isRecord', () => {
  it('takes objects and refuses arrays, null and scalars', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(JSON.parse('{"a":[1]}'))).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord(undefined)).toBe(false);
    expect(isRecord('{}')).toBe(false);
    expect(isRecord(1)).toBe(false);
  });
});
