import { describe, expect, it } from 'vitest';
import type { BackendConfig } from '../config/config-types.js';
import { BackendKeyRing, keyRestMs } from './backend-key-ring.js';

const backend = (apiKeys: string[], name = 'a'): BackendConfig => ({ name, kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKey: apiKeys[0], apiKeys, source: 'test' });

describe('BackendKeyRing', () => {
  it('hands out the keys of a backend in turn, each backend with its own turn', () => {
    const ring = new BackendKeyRing(() => 0);
    const a = backend(['a1', 'a2', 'a3']);
    const b = backend(['b1', 'b2'], 'b');
    expect([ring.pick(a), ring.pick(b), ring.pick(a), ring.pick(a), ring.pick(b), ring.pick(a)]).toEqual(['a1', 'b1', 'a2', 'a3', 'b2', 'a1']);
  });

  it('gives a one-key backend its key and a keyless one none, keeping no state', () => {
    const ring = new BackendKeyRing(() => 0);
    expect(ring.pick(backend(['only']))).toBe('only');
    expect(ring.pick(backend([]))).toBeUndefined();
    ring.rest(backend(['only']), 'only', 1_000);
    expect(ring.pick(backend(['only']))).toBe('only');
    expect(ring.hasFreeKey(backend(['only']))).toBe(false);
  });

  it('passes over a rested key while another is free, and takes it back when its rest is over', () => {
    let now = 0;
    const ring = new BackendKeyRing(() => now);
    const a = backend(['k1', 'k2', 'k3']);
    ring.rest(a, 'k1', 1_000);
    expect([ring.pick(a), ring.pick(a), ring.pick(a)]).toEqual(['k2', 'k3', 'k2']);
    now = 1_000;
    expect([ring.pick(a), ring.pick(a)]).toEqual(['k3', 'k1']);
  });

  it('when every key rests, tries the one whose rest ends first', () => {
    const ring = new BackendKeyRing(() => 0);
    const a = backend(['k1', 'k2', 'k3']);
    ring.rest(a, 'k1', 3_000);
    ring.rest(a, 'k2', 1_000);
    ring.rest(a, 'k3', 2_000);
    expect(ring.hasFreeKey(a)).toBe(false);
    expect(ring.pick(a)).toBe('k2');
  });
});

describe('keyRestMs', () => {
  it('rests a 401 key for ten cool-downs, a 429 key for its retry-after or one cool-down', () => {
    expect(keyRestMs(401, 5_000, { cooldownMs: 30_000 })).toBe(300_000);
    expect(keyRestMs(429, 5_000, { cooldownMs: 30_000 })).toBe(5_000);
    expect(keyRestMs(429, undefined, { cooldownMs: 30_000 })).toBe(30_000);
  });
});
