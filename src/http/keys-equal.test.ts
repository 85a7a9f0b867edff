import { describe, expect, it } from 'vitest';
import { keysEqual } from './keys-equal.js';

describe('keysEqual', () => {
  it('is true only for the same key', () => {
    expect(keysEqual('sk-proxy-123', 'sk-proxy-123')).toBe(true);
    expect(keysEqual('sk-proxy-124', 'sk-proxy-123')).toBe(false);
    expect(keysEqual('sk-proxy-12', 'sk-proxy-123')).toBe(false);
    expect(keysEqual('sk-proxy-1234', 'sk-proxy-123')).toBe(false);
    expect(keysEqual('', 'sk-proxy-123')).toBe(false);
    expect(keysEqual(undefined, 'sk-proxy-123')).toBe(false);
    expect(keysEqual('ключ', 'ключ')).toBe(true);
    // A prefix repeated to the expected length is no match either.
    expect(keysEqual('ab', 'abab')).toBe(false);
  });
});
