/**
 * Load generation in the driver process: autocannon for throughput, and small undici clients
 * for what autocannon cannot see (sub-millisecond latency at concurrency 1, time to the first
 * text token of a stream, many long-lived streams at once).
 */
import autocannon from 'autocannon';
import { Client, Pool } from 'undici';

export interface Target {
  name: string;
  /** Origin, `http://127.0.0.1:port`. */
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** CPU time of the server process behind this target (µs), to report CPU per request. */
  cpuMicros?: () => number | undefined;
}

export interface ThroughputResult {
  perSecond: number;
  total: number;
  errors: number;
  non2xx: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU µs the target's own server process spent per request (not the mock's, not the client's). */
  cpuPerRequestUs: number;
}

/** Requests (or whole streams) per second at `connections`, after a warm-up that is not counted. */
export async function measureThroughput(target: Target, connections: number, seconds: number, warmupSeconds = 1): Promise<ThroughputResult> {
  const options = {
    url: `${target.url}${target.path}`,
    method: 'POST' as const,
    headers: target.headers,
    body: target.body,
    connections,
    pipelining: 1,
  };
  if (warmupSeconds > 0) await autocannon({ ...options, duration: warmupSeconds });
  const cpuBefore = target.cpuMicros?.();
  const result = await autocannon({ ...options, duration: seconds });
  const cpuAfter = target.cpuMicros?.();
  return {
    cpuPerRequestUs: cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
    perSecond: result.requests.total / seconds,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** Measures one target for `seconds` at `connections`: autocannon here, or wrk (wrk-load.ts). */
export type Loader = (target: Target, connections: number, seconds: number) => Promise<ThroughputResult>;

export const autocannonLoader: Loader = (target, connections, seconds) => measureThroughput(target, connections, seconds, 0);

export interface InterleavedResult extends ThroughputResult {
  /** Rate of each slice, in order. */
  slices: number[];
}

/**
 * Throughput of several targets measured in alternating slices (A B C A B C ...), each target's
 * rate being the median of its slices: on a shared 2-core machine, background load then hits
 * every target alike instead of whichever happened to run during it.
 */
export async function measureThroughputInterleaved(
  targets: Target[],
  connections: number,
  slices: number,
  sliceSeconds: number,
  warmupSeconds: number,
  loader: Loader = autocannonLoader,
): Promise<Map<string, InterleavedResult>> {
  const perTarget = targets.map(() => [] as ThroughputResult[]);
  for (const target of targets) {
    if (warmupSeconds > 0) await loader(target, connections, warmupSeconds);
  }
  for (let slice = 0; slice < slices; slice++) {
    for (let t = 0; t < targets.length; t++) perTarget[t]!.push(await loader(targets[t]!, connections, sliceSeconds));
  }
  const results = new Map<string, InterleavedResult>();
  targets.forEach((target, t) => {
    const runs = perTarget[t]!;
    const rates = runs.map((run) => run.perSecond);
    results.set(target.name, {
      perSecond: percentile(sorted(rates), 50),
      total: runs.reduce((sum, run) => sum + run.total, 0),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
      non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
      p50Ms: percentile(sorted(runs.map((run) => run.p50Ms)), 50),
      p99Ms: percentile(sorted(runs.map((run) => run.p99Ms)), 50),
      cpuPerRequestUs: runs.reduce((sum, run) => sum + run.cpuPerRequestUs * run.total, 0) / Math.max(1, runs.reduce((sum, run) => sum + run.total, 0)),
      slices: rates,
    });
  });
  return results;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  samples: number;
  failures: number;
}

/** One timed request: milliseconds to what is measured, or undefined when it failed. */
type TimedRequest = (client: Client, target: Target) => Promise<number | undefined>;

/**
 * Runs `timed` `perRound` times per target and round, one keep-alive connection per target.
 * Targets are measured in interleaved rounds so that drift (CPU frequency, other tenants) hits
 * them all alike; round -1 is the warm-up. Returns each target's sorted samples and failures.
 */
async function measureInterleaved(targets: Target[], rounds: number, perRound: number, timed: TimedRequest): Promise<Array<{ samples: number[]; failures: number }>> {
  const clients = targets.map((target) => new Client(target.url, { pipelining: 1, keepAliveTimeout: 60_000 }));
  const results = targets.map(() => ({ samples: [] as number[], failures: 0 }));
  try {
    for (let round = -1; round < rounds; round++) {
      for (let t = 0; t < targets.length; t++) {
        for (let i = 0; i < perRound; i++) {
          const ms = await timed(clients[t]!, targets[t]!);
          if (ms === undefined) results[t]!.failures++;
          else if (round >= 0) results[t]!.samples.push(ms);
        }
      }
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  return results.map(({ samples, failures }) => ({ samples: sorted(samples), failures }));
}

function send(client: Client, target: Target) {
  return client.request({ path: target.path, method: 'POST', headers: target.headers, body: target.body });
}

const elapsedMs = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

/** Latency at concurrency 1 (a whole non-streaming answer), interleaved across targets. */
export async function measureSequentialLatency(targets: Target[], rounds: number, perRound: number): Promise<Map<string, LatencyResult>> {
  const measured = await measureInterleaved(targets, rounds, perRound, async (client, target) => {
    const started = process.hrtime.bigint();
    const response = await send(client, target);
    await response.body.arrayBuffer();
    const ms = elapsedMs(started);
    return response.statusCode === 200 ? ms : undefined;
  });
  return new Map(targets.map((target, t) => {
    const { samples, failures } = measured[t]!;
    return [target.name, { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), samples: samples.length, failures }];
  }));
}

/** The first text token of every mock stream, in either protocol's framing. */
const TEXT_MARKER = 'lorem';

export interface FirstTextResult {
  p50Ms: number;
  p90Ms: number;
  samples: number;
  failures: number;
}

/** Time from sending a streaming request to the first text token, at concurrency 1, interleaved. */
export async function measureTimeToFirstText(targets: Target[], rounds: number, perRound: number): Promise<Map<string, FirstTextResult>> {
  const measured = await measureInterleaved(targets, rounds, perRound, async (client, target) => {
    const started = process.hrtime.bigint();
    const response = await send(client, target);
    let firstText: number | undefined;
    for await (const chunk of response.body) {
      if (firstText === undefined && (chunk as Buffer).includes(TEXT_MARKER)) firstText = elapsedMs(started);
    }
    return response.statusCode === 200 ? firstText : undefined;
  });
  return new Map(targets.map((target, t) => {
    const { samples, failures } = measured[t]!;
    return [target.name, { p50Ms: percentile(samples, 50), p90Ms: percentile(samples, 90), samples: samples.length, failures }];
  }));
}

export interface ManyStreamsResult {
  started: number;
  completed: number;
  /** Streams that failed: non-200, transport error, or no terminal frame. */
  failed: number;
  firstErrors: string[];
  /** Most streams that were between their first text token and their end at the same time. */
  peakConcurrent: number;
  /** Time to first text token across streams. */
  firstTextP50Ms: number;
  firstTextMaxMs: number;
  wallMs: number;
}

/**
 * Opens `count` streams at once (one connection each) and reads them to the end, checking each
 * ends with `terminalMarker` (`message_stop` / `[DONE]`). `whileOpen` runs once every stream
 * has received its first text token, or after `sampleAfterMs`, whichever comes first.
 */
export async function runManyStreams(
  target: Target,
  count: number,
  terminalMarker: string,
  options: { sampleAfterMs: number; whileOpen?: () => Promise<void> },
): Promise<ManyStreamsResult> {
  const pool = new Pool(target.url, { connections: count, pipelining: 1, keepAliveTimeout: 10_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const firstTexts: number[] = [];
  const intervals: Array<[number, number]> = [];
  const firstErrors: string[] = [];
  let completed = 0;
  let failed = 0;
  let firstTextCount = 0;
  let allFirst: () => void = () => {};
  const allFirstReached = new Promise<void>((resolve) => { allFirst = resolve; });
  const started = performance.now();
  const one = async () => {
    let firstAt: number | undefined;
    let tail = '';
    try {
      const response = await pool.request({ path: target.path, method: 'POST', headers: target.headers, body: target.body });
      for await (const chunk of response.body) {
        const text = (chunk as Buffer).toString('latin1');
        if (firstAt === undefined && text.includes(TEXT_MARKER)) {
          firstAt = performance.now();
          firstTexts.push(firstAt - started);
          if (++firstTextCount === count) allFirst();
        }
        // Long enough for a terminal frame that carries a whole object (Responses: response.completed).
        tail = (tail + text).slice(-8192);
      }
      if (response.statusCode === 200 && tail.includes(terminalMarker) && firstAt !== undefined) {
        completed++;
        intervals.push([firstAt, performance.now()]);
        return;
      }
      failed++;
      if (firstErrors.length < 3) firstErrors.push(`status ${response.statusCode}: ${tail.slice(-120)}`);
    } catch (error) {
      failed++;
      if (firstErrors.length < 3) firstErrors.push(String(error));
    }
    if (firstAt === undefined && ++firstTextCount === count) allFirst();
  };
  const all = Promise.all(Array.from({ length: count }, one));
  await Promise.race([allFirstReached, new Promise((resolve) => setTimeout(resolve, options.sampleAfterMs))]);
  await options.whileOpen?.();
  await all;
  const wallMs = performance.now() - started;
  await pool.close();
  const s = sorted(firstTexts);
  return {
    started: count,
    completed,
    failed,
    firstErrors,
    peakConcurrent: peakOverlap(intervals),
    firstTextP50Ms: percentile(s, 50),
    firstTextMaxMs: s.at(-1) ?? Number.NaN,
    wallMs,
  };
}

function peakOverlap(intervals: Array<[number, number]>): number {
  const edges = intervals.flatMap(([start, end]) => [[start, 1], [end, -1]] as Array<[number, number]>);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    open += delta;
    peak = Math.max(peak, open);
  }
  return peak;
}
