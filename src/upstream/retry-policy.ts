/**
 * When and how long to wait before trying a backend again (pure: the clock and the dice come in
 * as arguments). Exponential backoff with full jitter (a random wait between 0 and the doubled
 * base, capped), so that clients failing together do not come back together; a backend's own
 * `retry-after` wins over the backoff, but one longer than the policy allows is not waited for.
 */
import type { RetryPolicy } from '../config/config-types.js';
import type { ProxyError } from '../errors/proxy-error.js';

/** What to do after a retryable failure of one candidate. */
export type RetryStep =
  | { kind: 'retry'; delayMs: number; because: 'backoff' | 'retry-after' }
  /** No retry on this candidate: the next one, or the error to the client. */
  | { kind: 'give-up'; because: 'retries used' | 'retry-after too long' };

/**
 * The step after failed try number `retriesUsed` (0 for the first try) of one candidate.
 * `random` returns [0, 1) like Math.random.
 */
export function nextRetryStep(error: ProxyError, retriesUsed: number, policy: RetryPolicy, nowMs: number, random: () => number): RetryStep {
  if (retriesUsed >= policy.retries) return { kind: 'give-up', because: 'retries used' };
  const retryAfterMs = error.retryAfter === undefined ? undefined : parseRetryAfterMs(error.retryAfter, nowMs);
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return { kind: 'give-up', because: 'retry-after too long' };
    return { kind: 'retry', delayMs: retryAfterMs, because: 'retry-after' };
  }
  return { kind: 'retry', delayMs: backoffDelayMs(retriesUsed, policy, random), because: 'backoff' };
}

/** Full jitter: uniform in [0, min(maxDelayMs, baseDelayMs × 2^retryIndex)), whole milliseconds. */
export function backoffDelayMs(retryIndex: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  // 2 ** 31 and more overflows nothing in floating point, but the cap applies long before.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retryIndex, 30));
  return Math.floor(random() * ceiling);
}

/**
 * A `retry-after` value in milliseconds from now: delta seconds (`1`, `26`, and the `1.5` some
 * backends send) or an HTTP date (RFC 9110 §10.2.3). A date in the past is 0; anything else
 * (empty, negative, garbage) is undefined: the backoff applies.
 */
export function parseRetryAfterMs(value: string, nowMs: number): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // A date always has letters (weekday or month); Date.parse alone would take "2026" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
