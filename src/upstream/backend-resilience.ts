import type { AbortEmitter } from './abort-emitter.js';
import { BackendHealth } from './backend-health.js';
import { BackendKeyRing } from './backend-key-ring.js';

/** The clock, the dice and the wait of retries: real ones in the server, fakes in unit tests. */
export interface RetryTiming {
  now(): number;
  /** [0, 1), like Math.random: the jitter of the backoff. */
  random(): number;
  /** Waits `ms`; resolves false at once when `signal` aborts (the client went away) first. */
  sleep(ms: number, signal: AbortEmitter): Promise<boolean>;
}

/** What the proxy learns about its backends across requests: failing backends, rested keys. */
export interface BackendResilience {
  health: BackendHealth;
  keys: BackendKeyRing;
  timing: RetryTiming;
}

export function createBackendResilience(timing: Partial<RetryTiming> = {}): BackendResilience {
  const full: RetryTiming = { now: Date.now, random: Math.random, sleep: sleepUnlessAborted, ...timing };
  return { health: new BackendHealth(full.now), keys: new BackendKeyRing(full.now), timing: full };
}

/** A timer that the request's abort cuts short (resolving false), so a retry's wait never outlives its client. */
export function sleepUnlessAborted(ms: number, signal: AbortEmitter): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.once('abort', onAbort);
  });
}
