import type { RetryPolicy } from '../config/config-types.js';

type CooldownPolicy = Pick<RetryPolicy, 'cooldownAfterFailures' | 'cooldownMs'>;

interface HealthRecord {
  /** Failed calls in a row. */
  failures: number;
  /** Skipped (while another candidate remains) until this time; 0 = not resting. */
  restingUntil: number;
}

/**
 * Which backends keep failing. A backend whose calls failed `cooldownAfterFailures` times in a
 * row rests for `cooldownMs`: plans with another candidate skip it. When the rest is over, the
 * next request probes it, and the window is taken again at once so that concurrent requests do
 * not all pile onto a backend that may still be down; the probe's success clears the record, its
 * failure starts a new rest. Held per process in the runtime, keyed by backend name (so a
 * reloaded configuration keeps what was learned); the clock is injected for tests.
 */
export class BackendHealth {
  readonly #records = new Map<string, HealthRecord>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * Whether a plan that has another candidate should pass over `backend` now. A backend whose
   * rest is over is not skipped, and this call reserves it as the probe.
   */
  shouldSkip(backend: string, policy: CooldownPolicy): boolean {
    const record = this.#records.get(backend);
    if (record === undefined || record.restingUntil === 0) return false;
    const now = this.#now();
    if (now < record.restingUntil) return true;
    record.restingUntil = now + policy.cooldownMs;
    return false;
  }

  /** A call to `backend` failed as the backend's fault (unreachable, timed out, 429, 5xx). */
  recordFailure(backend: string, policy: CooldownPolicy): void {
    let record = this.#records.get(backend);
    if (record === undefined) {
      record = { failures: 0, restingUntil: 0 };
      this.#records.set(backend, record);
    }
    record.failures++;
    if (record.failures >= policy.cooldownAfterFailures) record.restingUntil = this.#now() + policy.cooldownMs;
  }

  /** `backend` answered: whatever failed before is forgotten. Free when nothing failed. */
  recordSuccess(backend: string): void {
    if (this.#records.size > 0) this.#records.delete(backend);
  }

  /** Milliseconds `backend` still rests (0 when it does not), for logs and tests. */
  restingFor(backend: string): number {
    const record = this.#records.get(backend);
    return record === undefined ? 0 : Math.max(0, record.restingUntil - this.#now());
  }
}
