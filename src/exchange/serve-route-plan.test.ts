import { describe, expect, it } from 'vitest';
import type { BackendConfig, ProxyConfig, RetryPolicy } from '../config/config-types.js';
import { parseConfig } from '../config/parse-config.js';
import { RequestValidationError, UpstreamConnectionError, UpstreamHttpError } from '../errors/proxy-error.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import type { RequestScope } from '../http/request-scope.js';
import type { RoutePlan } from '../routing/resolve-route.js';
import { AbortEmitter } from '../upstream/abort-emitter.js';
import { createBackendResilience } from '../upstream/backend-resilience.js';
import type { ExchangeCall } from './exchange-call.js';
import type { PlannedCall } from './serve-candidate.js';
import { serveRoutePlan } from './serve-route-plan.js';

const base = parseConfig({});
const backendA: BackendConfig = { ...base.backends[0]!, name: 'a', baseUrl: 'http://127.0.0.1:1/v1' };
const backendB: BackendConfig = { ...base.backends[0]!, name: 'b', baseUrl: 'http://127.0.0.1:2/v1' };
const planOf = (...backends: BackendConfig[]): RoutePlan => ({
  requestedModel: 'm',
  route: 'default',
  why: 'test',
  candidates: backends.map((backend) => ({ backend, model: `model-${backend.name}`, reason: 'test' })),
});

/** A runtime with a fake clock: `sleep` records the wait and moves the clock, without waiting. */
function harness(retry: Partial<RetryPolicy> = {}, onSleep?: () => void) {
  const clock = { now: 1_000_000 };
  const slept: number[] = [];
  const lines: string[] = [];
  const config: ProxyConfig = { ...base, retry: { ...base.retry, ...retry } };
  const runtime = {
    config,
    logger: { info: (line: string) => lines.push(line) },
    resilience: createBackendResilience({
      now: () => clock.now,
      random: () => 0.5,
      sleep: async (ms, signal) => {
        slept.push(ms);
        clock.now += ms;
        onSleep?.();
        return !signal.aborted;
      },
    }),
  } as unknown as ProxyRuntime;
  const call = (options: { headersSent?: boolean; abort?: AbortEmitter } = {}): PlannedCall<unknown> => ({
    runtime,
    scope: { requestId: 'req_1', abort: options.abort ?? new AbortEmitter(), log: { status: 200 } } as unknown as RequestScope,
    req: {} as ExchangeCall<unknown>['req'],
    res: { headersSent: options.headersSent ?? false } as ExchangeCall<unknown>['res'],
    request: {},
    rawBody: Buffer.alloc(0),
  });
  return { clock, slept, lines, runtime, call };
}

const unavailable = () => new UpstreamHttpError('overloaded', 'a: busy', 503);

describe('serveRoutePlan: candidates in order', () => {
  it('tries the next candidate after a backend failure before the answer started', async () => {
    const { call } = harness({ retries: 0 });
    const tried: string[] = [];
    const planned = call();
    await serveRoutePlan(planOf(backendA, backendB), planned, async ({ route }) => {
      tried.push(route.backend.name);
      if (route.backend.name === 'a') throw new UpstreamConnectionError('down');
    });
    expect(tried).toEqual(['a', 'b']);
    // On the record for the metrics: the backend left behind, and the extra try.
    expect(planned.scope.log).toMatchObject({ fallbacks: ['a'], retries: 1 });
  });

  it("keeps the failure when it is the client's, when the answer has started, or when no candidate is left", async () => {
    const { call } = harness();
    const tried: string[] = [];
    const refuse = new RequestValidationError('bad');
    const plan = planOf(backendA, backendB);
    await expect(serveRoutePlan(plan, call(), async ({ route }) => { tried.push(route.backend.name); throw refuse; })).rejects.toBe(refuse);
    const down = new UpstreamConnectionError('down');
    await expect(serveRoutePlan(plan, call({ headersSent: true }), async ({ route }) => { tried.push(route.backend.name); throw down; })).rejects.toBe(down);
    expect(tried).toEqual(['a', 'a']);
    const { call: noRetries } = harness({ retries: 0 });
    await expect(serveRoutePlan(plan, noRetries(), async ({ route }) => { tried.push(route.backend.name); throw down; })).rejects.toBe(down);
    expect(tried).toEqual(['a', 'a', 'a', 'b']);
  });

  it('serves a one-candidate plan without retries or keys to rotate by the exchange itself (no extra async frame)', () => {
    const { call } = harness({ retries: 0 });
    const served = Promise.resolve();
    let followsUp: boolean | undefined;
    const result = serveRoutePlan(planOf(backendA), call(), (exchangeCall) => {
      followsUp = exchangeCall.attempt.followsUp(503);
      return served;
    });
    expect(result).toBe(served);
    expect(followsUp).toBe(false);
  });
});

describe('serveRoutePlan: retries', () => {
  it('retries the same candidate with jittered, doubling backoff, logging each retry, then the next candidate', async () => {
    const { call, slept, lines } = harness({ retries: 2, baseDelayMs: 500, maxDelayMs: 8_000 });
    const tried: string[] = [];
    await serveRoutePlan(planOf(backendA, backendB), call(), async ({ route }) => {
      tried.push(route.backend.name);
      if (route.backend.name === 'a') throw unavailable();
    });
    expect(tried).toEqual(['a', 'a', 'a', 'b']);
    // random() = 0.5: half of 500, then half of 1000.
    expect(slept).toEqual([250, 500]);
    expect(lines.filter((line) => line.includes('retry'))).toEqual([
      'req_1 retry 1/2 of a in 250 ms (backoff) after HTTP 503',
      'req_1 retry 2/2 of a in 500 ms (backoff) after HTTP 503',
    ]);
    expect(lines.at(-1)).toBe('req_1 a failed (a: busy); trying the next candidate.');
  });

  it('retries a one-candidate plan too, and stops at the first success', async () => {
    const { call, slept } = harness({ retries: 3 });
    let calls = 0;
    await serveRoutePlan(planOf(backendA), call(), async () => {
      if (++calls < 3) throw new UpstreamConnectionError('Cannot reach backend a: connection refused');
    });
    expect(calls).toBe(3);
    expect(slept).toHaveLength(2);
  });

  it("waits the backend's retry-after (seconds or an HTTP date) instead of the backoff", async () => {
    const { call, slept, clock } = harness({ retries: 1 });
    const tooMany = (retryAfter: string) => new UpstreamHttpError('rate_limit', 'a: slow down', 429, { retryAfter });
    let calls = 0;
    await serveRoutePlan(planOf(backendA), call(), async () => {
      if (++calls === 1) throw tooMany('2');
    });
    const date = new Date(clock.now + 3_000).toUTCString();
    calls = 0;
    await serveRoutePlan(planOf(backendA), call(), async () => {
      if (++calls === 1) throw tooMany(date);
    });
    expect(slept[0]).toBe(2_000);
    // toUTCString drops the milliseconds of the clock: within a second of 3 s.
    expect(slept[1]).toBeGreaterThan(2_000);
    expect(slept[1]).toBeLessThanOrEqual(3_000);
  });

  it('does not wait a retry-after over maxRetryAfterMs: the next candidate at once, or the error', async () => {
    const { call, slept, lines } = harness({ retries: 2, maxRetryAfterMs: 10_000 });
    const tried: string[] = [];
    const tooMany = new UpstreamHttpError('rate_limit', 'a: slow down', 429, { retryAfter: '60' });
    await serveRoutePlan(planOf(backendA, backendB), call(), async ({ route }) => {
      tried.push(route.backend.name);
      if (route.backend.name === 'a') throw tooMany;
    });
    expect(tried).toEqual(['a', 'b']);
    expect(slept).toEqual([]);
    expect(lines[0]).toContain('asked to wait 60 (retry-after), longer than maxRetryAfterMs 10000: no retry');
    await expect(serveRoutePlan(planOf(backendA), call(), async () => { throw tooMany; })).rejects.toBe(tooMany);
    expect(slept).toEqual([]);
  });

  it('never retries once the answer has started', async () => {
    const { call } = harness({ retries: 2 });
    const started = call();
    let calls = 0;
    const cut = new UpstreamConnectionError('reset');
    await expect(
      serveRoutePlan(planOf(backendA), started, async ({ res }) => {
        calls++;
        (res as { headersSent: boolean }).headersSent = true;
        throw cut;
      }),
    ).rejects.toBe(cut);
    expect(calls).toBe(1);
  });

  it('stops when the client goes away: during the wait, or with the failure', async () => {
    const abort = new AbortEmitter();
    const { call, slept } = harness({ retries: 2 }, () => abort.abort());
    let calls = 0;
    const failing = async () => {
      calls++;
      throw unavailable();
    };
    const error = await serveRoutePlan(planOf(backendA, backendB), call({ abort }), failing).catch((thrown: unknown) => thrown);
    expect(calls).toBe(1);
    expect(slept).toHaveLength(1);
    expect(error).toMatchObject({ status: 499, message: 'Request aborted.' });
    // Already aborted when the failure comes back: neither a wait nor the next candidate.
    const gone = await serveRoutePlan(planOf(backendA, backendB), call({ abort }), failing).catch((thrown: unknown) => thrown);
    expect(calls).toBe(2);
    expect(slept).toHaveLength(1);
    expect(gone).toMatchObject({ upstreamStatus: 503 });
  });

  it('a real wait is cut short by the abort', async () => {
    const { sleepUnlessAborted } = await import('../upstream/backend-resilience.js');
    const abort = new AbortEmitter();
    const started = Date.now();
    const waited = sleepUnlessAborted(5_000, abort);
    setTimeout(() => abort.abort(), 20);
    expect(await waited).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await sleepUnlessAborted(1, new AbortEmitter())).toBe(true);
  });

  it('tells a passthrough whether an error answer will be tried again', async () => {
    const { call } = harness({ retries: 1 });
    const seen: boolean[] = [];
    await serveRoutePlan(planOf(backendA, backendB), call(), async ({ route, attempt }) => {
      seen.push(attempt.followsUp(503), attempt.followsUp(400));
      if (route.backend.name === 'a') throw unavailable();
    }).catch(() => undefined);
    // a: two tries, each followed by more; b: the last candidate's first try (a retry follows).
    expect(seen).toEqual([true, false, true, false, true, false]);
    const { call: last } = harness({ retries: 1 });
    const finals: boolean[] = [];
    await serveRoutePlan(planOf(backendA), last(), async ({ attempt }) => {
      finals.push(attempt.followsUp(503));
      throw unavailable();
    }).catch(() => undefined);
    expect(finals).toEqual([true, false]);
  });
});

describe('serveRoutePlan: resting backends', () => {
  it('skips a backend that failed cooldownAfterFailures times in a row while another candidate remains, then probes it', async () => {
    const { call, clock, lines } = harness({ retries: 0, cooldownAfterFailures: 2, cooldownMs: 30_000 });
    const plan = planOf(backendA, backendB);
    const tried: string[] = [];
    let aWorks = false;
    const serve = async ({ route }: ExchangeCall<unknown>) => {
      tried.push(route.backend.name);
      if (route.backend.name === 'a' && !aWorks) throw unavailable();
    };
    await serveRoutePlan(plan, call(), serve);
    await serveRoutePlan(plan, call(), serve);
    expect(tried).toEqual(['a', 'b', 'a', 'b']);
    const skipping = call();
    await serveRoutePlan(plan, skipping, serve);
    expect(tried.slice(4)).toEqual(['b']);
    expect(skipping.scope.log.skipped).toEqual(['a']);
    expect(skipping.scope.log.fallbacks).toBeUndefined();
    expect(lines.at(-1)).toBe('req_1 a skipped: resting after failures in a row (30000 ms left); trying the next candidate.');
    // The last candidate is tried even while it rests.
    await expect(serveRoutePlan(planOf(backendA), call(), serve)).rejects.toMatchObject({ upstreamStatus: 503 });
    clock.now += 30_001;
    aWorks = true;
    await serveRoutePlan(plan, call(), serve);
    await serveRoutePlan(plan, call(), serve);
    expect(tried.slice(5)).toEqual(['a', 'a', 'a']);
  });

  it('counts a piped 5xx answer against the backend and an answered 400 for it', async () => {
    // (With no retries, one candidate and one key, the fast path keeps no record.)
    const { call, runtime } = harness({ retries: 1, cooldownAfterFailures: 1 });
    const piped = call();
    await serveRoutePlan(planOf(backendA), piped, async ({ scope }) => {
      scope.log.status = 502;
    });
    expect(runtime.resilience.health.restingFor('a')).toBe(30_000);
    await expect(
      serveRoutePlan(planOf(backendA), call(), async () => {
        throw new UpstreamHttpError('invalid_request', 'a: bad field', 400);
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(runtime.resilience.health.restingFor('a')).toBe(0);
  });
});

describe('serveRoutePlan: several keys per backend', () => {
  const keyed: BackendConfig = { ...backendA, apiKey: 'key-one', apiKeys: ['key-one', 'key-two', 'key-three'] };

  it('uses the keys in turn, one per request', async () => {
    const { call } = harness({ retries: 0 });
    const used: Array<string | undefined> = [];
    for (let request = 0; request < 4; request++) {
      await serveRoutePlan(planOf(keyed), call(), async ({ attempt }) => { used.push(attempt.apiKey); });
    }
    expect(used).toEqual(['key-one', 'key-two', 'key-three', 'key-one']);
  });

  it('rests a key answered 401 or 429 and tries the next key at once; the rested key is passed over later', async () => {
    const { call, slept, lines, clock } = harness({ retries: 0, cooldownMs: 1_000 });
    const used: Array<string | undefined> = [];
    const serve = async ({ attempt }: ExchangeCall<unknown>) => {
      used.push(attempt.apiKey);
      if (attempt.apiKey === 'key-one') throw new UpstreamHttpError('authentication', 'a: invalid key', 401);
      if (attempt.apiKey === 'key-two') throw new UpstreamHttpError('rate_limit', 'a: slow down', 429, { retryAfter: '5' });
    };
    await serveRoutePlan(planOf(keyed), call(), serve);
    expect(used).toEqual(['key-one', 'key-two', 'key-three']);
    expect(slept).toEqual([]);
    expect(lines).toEqual([
      'req_1 retry of a with its next key (key 1 rested after HTTP 401), no delay',
      'req_1 retry of a with its next key (key 2 rested after HTTP 429), no delay',
    ]);
    expect(lines.join('\n')).not.toMatch(/key-(one|two|three)/);
    await serveRoutePlan(planOf(keyed), call(), serve);
    expect(used.slice(3)).toEqual(['key-three']);
    // key-two rested for its retry-after (5 s), key-one for ten cool-downs (10 s).
    clock.now += 5_001;
    used.length = 0;
    await serveRoutePlan(planOf(keyed), call(), serve);
    expect(used).toEqual(['key-two', 'key-three']);
  });

  it('gives the 401 to the client when every key failed', async () => {
    const { call } = harness({ retries: 2 });
    const used: Array<string | undefined> = [];
    await expect(
      serveRoutePlan(planOf(keyed), call(), async ({ attempt }) => {
        used.push(attempt.apiKey);
        throw new UpstreamHttpError('authentication', 'a: invalid key', 401);
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(used).toEqual(['key-one', 'key-two', 'key-three']);
    // Every key rests now (the last one too): the next request tries the one resting shortest, once.
    used.length = 0;
    await expect(
      serveRoutePlan(planOf(keyed), call(), async ({ attempt }) => {
        used.push(attempt.apiKey);
        throw new UpstreamHttpError('authentication', 'a: invalid key', 401);
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(used).toEqual(['key-one']);
  });
});
