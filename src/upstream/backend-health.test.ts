import { describe, expect, it } from 'vitest';
import { BackendHealth } from './backend-health.js';

const policy = { cooldownAfterFailures: 3, cooldownMs: 30_000 };

describe('BackendHealth', () => {
  it('rests a backend after cooldownAfterFailures failures in a row, for cooldownMs', () => {
    let now = 0;
    const health = new BackendHealth(() => now);
    health.recordFailure('a', policy);
    health.recordFailure('a', policy);
    expect(health.shouldSkip('a', policy)).toBe(false);
    health.recordFailure('a', policy);
    expect(health.shouldSkip('a', policy)).toBe(true);
    expect(health.restingFor('a')).toBe(30_000);
    expect(health.shouldSkip('b', policy)).toBe(false);
    now += 29_999;
    expect(health.shouldSkip('a', policy)).toBe(true);
  });

  it('lets one request probe it when the rest is over; success forgets, failure rests it again', () => {
    let now = 0;
    const health = new BackendHealth(() => now);
    for (let failure = 0; failure < 3; failure++) health.recordFailure('a', policy);
    now += 30_000;
    expect(health.shouldSkip('a', policy)).toBe(false);
    // The probe holds the window: concurrent requests keep passing it over.
    expect(health.shouldSkip('a', policy)).toBe(true);
    health.recordFailure('a', policy);
    expect(health.restingFor('a')).toBe(30_000);
    now += 30_000;
    expect(health.shouldSkip('a', policy)).toBe(false);
    health.recordSuccess('a');
    expect(health.shouldSkip('a', policy)).toBe(false);
    expect(health.restingFor('a')).toBe(0);
    // Counting starts over after a success.
    health.recordFailure('a', policy);
    expect(health.shouldSkip('a', policy)).toBe(false);
  });

  it('needs failures in a row: a success in between resets the count', () => {
    const health = new BackendHealth(() => 0);
    health.recordFailure('a', policy);
    health.recordFailure('a', policy);
    health.recordSuccess('a');
    health.recordFailure('a', policy);
    expect(health.shouldSkip('a', policy)).toBe(false);
  });
});
