/**
 * `npm run soak`: not a CI test. (1) 1,000 concurrent slow streams through the proxy in each
 * direction, all of which must complete without an error; (2) steady mixed load (non-streaming
 * and streaming, both directions) for `--minutes` (default 10) with the proxy's RSS sampled every
 * 5 s, reporting whether it stays within ±10% of its median after the warm-up (the first fifth).
 * Exits 1 when either part fails.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildChildren, killStartedChildren, startChild, type RunningChild } from './lib/children.js';
import { measureThroughput, percentile, runManyStreams, type Target } from './lib/load.js';
import { directions } from './lib/requests.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    streams: { type: 'string', default: '1000' },
  },
});
const minutes = Number(args.minutes);
const streamCount = Number(args.streams);
const log = (line: string) => process.stdout.write(`[soak] ${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function concurrentStreams(mock: RunningChild, proxy: RunningChild): Promise<boolean> {
  await mock.ask('scenario', { chunks: 40, paceMs: 50 });
  let ok = true;
  for (const direction of directions(mock.url)) {
    const target: Target = { name: 'proxy', url: proxy.url, path: direction.proxyPath, headers: direction.headers, body: direction.client.stream };
    let peakRss = 0;
    const result = await runManyStreams(target, streamCount, direction.terminalMarker, {
      sampleAfterMs: 1500,
      whileOpen: async () => { peakRss = await proxy.rss(); },
    });
    const passed = result.completed === streamCount && result.failed === 0;
    ok &&= passed;
    log(`${direction.id}: ${streamCount} concurrent streams (40 chunks, 50 ms apart): ${result.completed} completed, ${result.failed} failed, ` +
      `peak ${result.peakConcurrent} streaming at once, first text p50 ${result.firstTextP50Ms.toFixed(0)} ms / max ${result.firstTextMaxMs.toFixed(0)} ms, ` +
      `wall ${(result.wallMs / 1000).toFixed(1)} s, RSS ${mb(peakRss)} -> ${passed ? 'PASS' : 'FAIL'}`);
    for (const error of result.firstErrors) log(`  error: ${error}`);
  }
  return ok;
}

async function steadyLoad(mock: RunningChild, proxy: RunningChild): Promise<boolean> {
  await mock.ask('scenario', { chunks: 100, paceMs: 0 });
  const targets = directions(mock.url).flatMap((direction) => [
    { target: { name: `${direction.id} sync`, url: proxy.url, path: direction.proxyPath, headers: direction.headers, body: direction.client.sync }, connections: 32 },
    { target: { name: `${direction.id} stream`, url: proxy.url, path: direction.proxyPath, headers: direction.headers, body: direction.client.stream }, connections: 8 },
  ]);
  const samples: Array<{ atMs: number; rss: number }> = [];
  const started = Date.now();
  const durationMs = minutes * 60_000;
  const sampler = setInterval(() => { void proxy.rss().then((rss) => samples.push({ atMs: Date.now() - started, rss })); }, 5_000);
  let requests = 0;
  let failures = 0;
  for (let round = 0; Date.now() - started < durationMs; round++) {
    const { target, connections } = targets[round % targets.length]!;
    const seconds = Math.max(1, Math.min(5, Math.round((durationMs - (Date.now() - started)) / 1000)));
    const result = await measureThroughput(target, connections, seconds, 0);
    requests += result.total;
    failures += result.errors + result.non2xx;
  }
  clearInterval(sampler);
  const warmupMs = durationMs / 5;
  const steady = samples.filter((sample) => sample.atMs >= warmupMs).map((sample) => sample.rss);
  if (steady.length === 0) {
    log('steady load: too short to have samples after the warm-up; use --minutes 1 or more');
    return false;
  }
  const median = percentile([...steady].sort((a, b) => a - b), 50);
  const low = Math.min(...steady);
  const high = Math.max(...steady);
  const within = low >= median * 0.9 && high <= median * 1.1;
  const third = Math.max(1, Math.floor(steady.length / 3));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  log(`steady load ${minutes} min: ${requests} requests/streams, ${failures} failed; RSS after warm-up (${steady.length} samples): ` +
    `median ${mb(median)}, min ${mb(low)} (${(((low / median) - 1) * 100).toFixed(1)}%), max ${mb(high)} (+${(((high / median) - 1) * 100).toFixed(1)}%), ` +
    `first third ${mb(mean(steady.slice(0, third)))} -> last third ${mb(mean(steady.slice(-third)))} -> ${within && failures === 0 ? 'PASS' : 'FAIL'} (within ±10%: ${within})`);
  log(`RSS samples (MB): ${samples.map((sample) => (sample.rss / 1024 / 1024).toFixed(0)).join(' ')}`);
  return within && failures === 0;
}

async function main(): Promise<void> {
  log(`Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}; ${streamCount} streams, then ${minutes} min of steady load`);
  await buildChildren();
  const mock = await startChild('mock-backend');
  const proxy = await startChild('proxy-server', {
    env: {
      OPEN_AI_URL: `${mock.url}/v1`, API_KEY: 'soak-openai-key', OPEN_MODEL: 'bench-model',
      ANTHROPIC_UPSTREAM_URL: mock.url, ANTHROPIC_UPSTREAM_API_KEY: 'soak-anthropic-key', LOG_LEVEL: 'silent',
    },
  });
  let ok = false;
  try {
    const streamsOk = await concurrentStreams(mock, proxy);
    const steadyOk = await steadyLoad(mock, proxy);
    ok = streamsOk && steadyOk;
  } finally {
    await proxy.stop();
    await mock.stop();
  }
  log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
}

process.on('SIGINT', () => { killStartedChildren(); process.exit(130); });
main().catch((error: unknown) => {
  killStartedChildren();
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
