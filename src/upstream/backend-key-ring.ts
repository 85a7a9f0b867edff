import type { BackendConfig, RetryPolicy } from '../config/config-types.js';

interface RingState {
  /** Index of the key the next call starts looking from. */
  next: number;
  /** Key -> the time its rest ends. */
  restedUntil: Map<string, number>;
}

/**
 * The keys of backends that have several (`apiKeys`), used in turn: each call takes the next
 * one. A key the backend answered 401 or 429 is rested (passed over while another key is free)
 * for a while. Held per process in the runtime, keyed by backend name; the keys never leave it
 * except into the request's auth header. A backend with one key or none costs nothing here.
 */
export class BackendKeyRing {
  readonly #rings = new Map<string, RingState>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The key for the next call to `backend`; undefined when it takes none. */
  pick(backend: BackendConfig): string | undefined {
    const keys = backend.apiKeys;
    if (keys.length <= 1) return keys[0] ?? backend.apiKey;
    const ring = this.#ring(backend.name);
    const now = this.#now();
    let soonest = 0;
    for (let offset = 0; offset < keys.length; offset++) {
      const index = (ring.next + offset) % keys.length;
      const until = ring.restedUntil.get(keys[index]!) ?? 0;
      if (until <= now) {
        ring.next = index + 1;
        return keys[index];
      }
      if (until < (ring.restedUntil.get(keys[soonest]!) ?? 0)) soonest = index;
    }
    // Every key rests: the one that rests the shortest gets tried anyway.
    ring.next = soonest + 1;
    return keys[soonest];
  }

  /** Passes over `key` of `backend` for `ms` while another key is free. */
  rest(backend: BackendConfig, key: string, ms: number): void {
    if (backend.apiKeys.length <= 1) return;
    this.#ring(backend.name).restedUntil.set(key, this.#now() + ms);
  }

  /** Whether `backend` has a key that does not rest now (always false with one key or none). */
  hasFreeKey(backend: BackendConfig): boolean {
    if (backend.apiKeys.length <= 1) return false;
    const ring = this.#rings.get(backend.name);
    if (ring === undefined) return true;
    const now = this.#now();
    return backend.apiKeys.some((key) => (ring.restedUntil.get(key) ?? 0) <= now);
  }

  #ring(name: string): RingState {
    let ring = this.#rings.get(name);
    if (ring === undefined) {
      ring = { next: 0, restedUntil: new Map() };
      this.#rings.set(name, ring);
    }
    return ring;
  }
}

/**
 * How long a key answered `status` rests: a 401 (revoked, mistyped) long, ten cool-downs, since it
 * will not heal by itself soon but may be fixed at the provider; a 429 for the backend's
 * `retry-after` when it gave one, else one cool-down.
 */
export function keyRestMs(status: number, retryAfterMs: number | undefined, policy: Pick<RetryPolicy, 'cooldownMs'>): number {
  if (status === 401) return policy.cooldownMs * 10;
  return retryAfterMs ?? policy.cooldownMs;
}
