import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../config/parse-config.js';
import { UpstreamConnectionError, UpstreamHttpError } from '../errors/proxy-error.js';
import { backoffDelayMs, nextRetryStep, parseRetryAfterMs } from './retry-policy.js';

const policy = { ...DEFAULT_RETRY_POLICY, retries: 3, baseDelayMs: 500, maxDelayMs: 1_500, maxRetryAfterMs: 10_000 };
const now = Date.parse('2026-12-03T12:00:00Z');

describe('backoffDelayMs', () => {
  it('is full jitter under a ceiling that doubles from baseDelayMs up to maxDelayMs', () => {
    const almostOne = () => 0.999_999;
    expect([0, 1, 2, 3, 40].map((retry) => backoffDelayMs(retry, policy, almostOne))).toEqual([499, 999, 1_499, 1_499, 1_499]);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(1, policy, () => 0.25)).toBe(250);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta seconds, fractions rounded up to the millisecond', () => {
    expect(parseRetryAfterMs('1', now)).toBe(1_000);
    expect(parseRetryAfterMs(' 26 ', now)).toBe(26_000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1_500);
    expect(parseRetryAfterMs('0', now)).toBe(0);
  });

  it('reads an HTTP date relative to now; a past date is 0', () => {
    expect(parseRetryAfterMs('Thu, 03 Dec 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfterMs('Thu, 03 Dec 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    for (const value of ['', 'soon', '-1', 'later today', '1e3']) expect(parseRetryAfterMs(value, now), value).toBeUndefined();
  });
});

describe('nextRetryStep', () => {
  const down = new UpstreamConnectionError('down');
  const limited = (retryAfter: string) => new UpstreamHttpError('rate_limit', 'slow down', 429, { retryAfter });

  it('backs off until the retries are used', () => {
    expect(nextRetryStep(down, 0, policy, now, () => 0.5)).toEqual({ kind: 'retry', delayMs: 250, because: 'backoff' });
    expect(nextRetryStep(down, 2, policy, now, () => 0.5)).toEqual({ kind: 'retry', delayMs: 750, because: 'backoff' });
    expect(nextRetryStep(down, 3, policy, now, () => 0.5)).toEqual({ kind: 'give-up', because: 'retries used' });
    expect(nextRetryStep(down, 0, { ...policy, retries: 0 }, now, () => 0.5)).toEqual({ kind: 'give-up', because: 'retries used' });
  });

  it("waits the backend's retry-after when it allows, gives up when it is longer than maxRetryAfterMs", () => {
    expect(nextRetryStep(limited('2'), 0, policy, now, () => 0.5)).toEqual({ kind: 'retry', delayMs: 2_000, because: 'retry-after' });
    expect(nextRetryStep(limited('10'), 0, policy, now, () => 0.5)).toEqual({ kind: 'retry', delayMs: 10_000, because: 'retry-after' });
    expect(nextRetryStep(limited('11'), 0, policy, now, () => 0.5)).toEqual({ kind: 'give-up', because: 'retry-after too long' });
    expect(nextRetryStep(limited('garbage'), 0, policy, now, () => 0.5)).toEqual({ kind: 'retry', delayMs: 250, because: 'backoff' });
  });
});
