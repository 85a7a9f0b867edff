/**
 * `npm run bench`: the proxy against a fast mock backend and a bare forwarder, on 127.0.0.1,
 * each server in its own process, the load generator here. Every number is a ratio taken in
 * this one run. Flags: --quick (shorter phases), --seconds N (per measured phase),
 * --cpu-prof (profile the proxy, written to bench/.build/), --no-logging-pass, --out FILE
 * (markdown results), --baseline DIR (another checkout's proxy, e.g. a worktree of the commit
 * before a change, measured in the same interleaved slices: before/after without run-to-run
 * noise). Bounded: about 3 minutes on 2 cores (4 with --baseline).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { buildBaseline, buildChildren, killStartedChildren, startChild, type RunningChild } from './lib/children.js';
import { measureSequentialLatency, measureThroughputInterleaved, measureTimeToFirstText, runManyStreams, type InterleavedResult, type Target } from './lib/load.js';
import { proxyEnv } from './lib/proxy-env.js';
import { formatMarkdown, formatTable, mb, ms, pct, perSecond, type Row } from './lib/report.js';
import { directions, type Direction } from './lib/requests.js';
import { measureTranslateCpu } from './lib/translate-cpu.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    'no-logging-pass': { type: 'boolean', default: false },
    out: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const seconds = Number(args.seconds ?? (args.quick ? 2 : 5));
const settings = {
  seconds,
  slices: args.quick ? 2 : 5,
  sliceSeconds: seconds / (args.quick ? 2 : 5),
  warmupSeconds: args.quick ? 0.5 : 1,
  latency: { rounds: args.quick ? 2 : 5, perRound: 300 },
  firstText: { rounds: args.quick ? 2 : 4, perRound: 25, chunks: 3, paceMs: 5 },
  sync: { connections: 64 },
  streams: { connections: 16, chunks: 100 },
  slow: { count: 1000, chunks: 40, paceMs: 50 },
};
const buildDir = new URL('./.build/', import.meta.url);

interface DirectionResult {
  direction: Direction;
  measured: boolean;
  reason?: string;
  latency?: Map<string, { p50Ms: number; p99Ms: number; failures: number }>;
  sync?: Map<string, InterleavedResult>;
  streams?: Map<string, InterleavedResult>;
  firstText?: Map<string, { p50Ms: number; p90Ms: number; failures: number }>;
}

function sliceSummary(results: Map<string, { slices: number[] }>): string {
  return [...results].map(([name, r]) => `${name} ${r.slices.map((rate) => rate.toFixed(0)).join(',')}`).join('; ');
}

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function setScenario(mock: RunningChild, chunks: number, paceMs: number): Promise<void> {
  await mock.ask('scenario', { chunks, paceMs });
}

/** The `--baseline` proxy, when asked for: measured beside `proxy` in the same slices. */
let baseline: RunningChild | undefined;

function targetsFor(direction: Direction, mock: RunningChild, forwarder: RunningChild, proxy: RunningChild, kind: 'sync' | 'stream'): Target[] {
  const proxyTarget = (name: string, child: RunningChild): Target => ({ name, url: child.url, path: direction.proxyPath, headers: direction.headers, body: direction.client[kind], cpuMicros: child.cpuMicros });
  return [
    { name: 'mock', url: mock.url, path: direction.backendPath, headers: direction.headers, body: direction.backend[kind], cpuMicros: mock.cpuMicros },
    { name: 'forwarder', url: forwarder.url, path: direction.backendPath, headers: direction.headers, body: direction.backend[kind], cpuMicros: forwarder.cpuMicros },
    proxyTarget('proxy', proxy),
    ...(baseline ? [proxyTarget('baseline', baseline)] : []),
  ];
}

/** One non-streaming request through the proxy: is this direction wired yet? */
async function probe(proxy: RunningChild, direction: Direction): Promise<string | undefined> {
  try {
    const response = await fetch(`${proxy.url}${direction.proxyPath}`, { method: 'POST', headers: direction.headers, body: direction.client.sync });
    const text = await response.text();
    return response.status === 200 ? undefined : `proxy answered ${response.status}: ${text.slice(0, 160)}`;
  } catch (error) {
    return String(error);
  }
}

async function measureDirection(direction: Direction, mock: RunningChild, forwarder: RunningChild, proxy: RunningChild): Promise<DirectionResult> {
  const reason = await probe(proxy, direction);
  if (reason) return { direction, measured: false, reason };
  const result: DirectionResult = { direction, measured: true, latency: new Map(), sync: new Map(), streams: new Map() };
  await setScenario(mock, settings.streams.chunks, 0);
  log(`${direction.id}: latency at concurrency 1`);
  result.latency = await measureSequentialLatency(targetsFor(direction, mock, forwarder, proxy, 'sync'), settings.latency.rounds, settings.latency.perRound);
  const { slices, sliceSeconds, warmupSeconds } = settings;
  log(`${direction.id}: non-streaming, ${settings.sync.connections} connections, ${slices} x ${sliceSeconds} s per target`);
  result.sync = await measureThroughputInterleaved(targetsFor(direction, mock, forwarder, proxy, 'sync'), settings.sync.connections, slices, sliceSeconds, warmupSeconds);
  log(`${direction.id}: streams of ${settings.streams.chunks} chunks, ${settings.streams.connections} connections, ${slices} x ${sliceSeconds} s per target`);
  result.streams = await measureThroughputInterleaved(targetsFor(direction, mock, forwarder, proxy, 'stream'), settings.streams.connections, slices, sliceSeconds, warmupSeconds);
  log(`${direction.id}: req/s slices ${sliceSummary(result.sync)}; streams/s slices ${sliceSummary(result.streams)}`);
  const { chunks, paceMs, rounds, perRound } = settings.firstText;
  await setScenario(mock, chunks, paceMs);
  log(`${direction.id}: time to first text, ${paceMs} ms between chunks`);
  result.firstText = await measureTimeToFirstText(targetsFor(direction, mock, forwarder, proxy, 'stream'), rounds, perRound);
  return result;
}

function directionRows(result: DirectionResult, rows: Row[]): void {
  const section = result.direction.id;
  if (!result.measured) {
    rows.push({ section, metric: 'all metrics', value: `not measured (${result.reason})`, target: '-' });
    return;
  }
  const latency = result.latency!;
  const addedP50 = latency.get('proxy')!.p50Ms - latency.get('mock')!.p50Ms;
  const addedP99 = latency.get('proxy')!.p99Ms - latency.get('mock')!.p99Ms;
  const forwarderP50 = latency.get('forwarder')!.p50Ms - latency.get('mock')!.p50Ms;
  rows.push({ section, metric: 'c=1 added p50 latency vs mock', value: `${ms(addedP50)} (mock ${ms(latency.get('mock')!.p50Ms)}; forwarder adds ${ms(forwarderP50)})`, target: '< 0.25 ms', met: addedP50 < 0.25 });
  rows.push({ section, metric: 'c=1 added p99 latency vs mock', value: ms(addedP99), target: '-' });
  const sync = result.sync!;
  const syncProxy = sync.get('proxy')!.perSecond;
  rows.push({ section, metric: 'c=64 req/s (mock / forwarder / proxy)', value: [sync.get('mock')!, sync.get('forwarder')!, sync.get('proxy')!].map((r) => perSecond(r.perSecond)).join(' / '), target: '-' });
  rows.push({ section, metric: 'c=64 req/s, proxy / mock', value: pct(syncProxy / sync.get('mock')!.perSecond), target: '-' });
  rows.push({ section, metric: 'c=64 req/s, proxy / forwarder', value: pct(syncProxy / sync.get('forwarder')!.perSecond), target: '>= 75%', met: syncProxy / sync.get('forwarder')!.perSecond >= 0.75 });
  const streams = result.streams!;
  const streamsProxy = streams.get('proxy')!.perSecond;
  rows.push({ section, metric: `c=16 streams/s of ${settings.streams.chunks} chunks (mock / forwarder / proxy)`, value: [streams.get('mock')!, streams.get('forwarder')!, streams.get('proxy')!].map((r) => perSecond(r.perSecond)).join(' / '), target: '-' });
  rows.push({ section, metric: 'c=16 streams/s, proxy / forwarder', value: pct(streamsProxy / streams.get('forwarder')!.perSecond), target: '>= 70%', met: streamsProxy / streams.get('forwarder')!.perSecond >= 0.7 });
  const cpu = (map: Map<string, InterleavedResult>) => `${map.get('forwarder')!.cpuPerRequestUs.toFixed(0)} us / ${map.get('proxy')!.cpuPerRequestUs.toFixed(0)} us`;
  rows.push({ section, metric: 'c=64 server CPU per request (forwarder / proxy)', value: `${cpu(sync)} (ratio ${pct(sync.get('forwarder')!.cpuPerRequestUs / sync.get('proxy')!.cpuPerRequestUs)})`, target: '-' });
  rows.push({ section, metric: 'c=16 server CPU per stream (forwarder / proxy)', value: `${cpu(streams)} (ratio ${pct(streams.get('forwarder')!.cpuPerRequestUs / streams.get('proxy')!.cpuPerRequestUs)})`, target: '-' });
  const firstText = result.firstText!;
  const addedFirstText = firstText.get('proxy')!.p50Ms - firstText.get('mock')!.p50Ms;
  rows.push({ section, metric: `added time to first text, p50 (${settings.firstText.paceMs} ms pacing)`, value: `${ms(addedFirstText)} (mock ${ms(firstText.get('mock')!.p50Ms)}, forwarder ${ms(firstText.get('forwarder')!.p50Ms)})`, target: '<= 1 ms', met: addedFirstText <= 1 });
  const failures = [...sync.values(), ...streams.values()].reduce((sum, r) => sum + r.errors + r.non2xx, 0)
    + [...latency.values(), ...firstText.values()].reduce((sum, r) => sum + r.failures, 0);
  rows.push({ section, metric: 'failed requests during the above', value: String(failures), target: '0', met: failures === 0 });
  if (!sync.has('baseline')) return;
  const vs = (map: Map<string, InterleavedResult>) => pct(map.get('proxy')!.perSecond / map.get('baseline')!.perSecond);
  const cpuVs = (map: Map<string, InterleavedResult>) =>
    `${map.get('baseline')!.cpuPerRequestUs.toFixed(0)} us / ${map.get('proxy')!.cpuPerRequestUs.toFixed(0)} us (${pct(map.get('proxy')!.cpuPerRequestUs / map.get('baseline')!.cpuPerRequestUs)})`;
  rows.push({ section, metric: 'c=64 req/s, proxy / baseline', value: vs(sync), target: '-' });
  rows.push({ section, metric: 'c=16 streams/s, proxy / baseline', value: vs(streams), target: '-' });
  rows.push({ section, metric: 'c=64 server CPU per request (baseline / proxy)', value: cpuVs(sync), target: '-' });
  rows.push({ section, metric: 'c=16 server CPU per stream (baseline / proxy)', value: cpuVs(streams), target: '-' });
}

/** The default LOG_LEVEL=info, against the forwarder again (interleaved), both directions. */
async function loggingPass(mock: RunningChild, forwarder: RunningChild, measured: DirectionResult[], rows: Row[]): Promise<void> {
  const proxy = await startChild('proxy-server', { env: proxyEnv(mock.url, 'info') });
  const { slices, sliceSeconds, warmupSeconds } = settings;
  try {
    await setScenario(mock, settings.streams.chunks, 0);
    for (const { direction } of measured.filter((r) => r.measured)) {
      log(`${direction.id}: LOG_LEVEL=info pass`);
      const [, forwarderSync, proxySync] = targetsFor(direction, mock, forwarder, proxy, 'sync');
      const [, forwarderStream, proxyStream] = targetsFor(direction, mock, forwarder, proxy, 'stream');
      const sync = await measureThroughputInterleaved([forwarderSync!, proxySync!], settings.sync.connections, slices, sliceSeconds, warmupSeconds);
      const streams = await measureThroughputInterleaved([forwarderStream!, proxyStream!], settings.streams.connections, slices, sliceSeconds, warmupSeconds);
      const syncRatio = sync.get('proxy')!.perSecond / sync.get('forwarder')!.perSecond;
      const streamRatio = streams.get('proxy')!.perSecond / streams.get('forwarder')!.perSecond;
      const section = `${direction.id} (LOG_LEVEL=info)`;
      rows.push({ section, metric: 'c=64 req/s, proxy / forwarder', value: `${pct(syncRatio)} (${perSecond(sync.get('proxy')!.perSecond)})`, target: '>= 75%', met: syncRatio >= 0.75 });
      rows.push({ section, metric: 'c=16 streams/s, proxy / forwarder', value: `${pct(streamRatio)} (${perSecond(streams.get('proxy')!.perSecond)})`, target: '>= 70%', met: streamRatio >= 0.7 });
    }
  } finally {
    await proxy.stop();
  }
}


async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadBefore = loadavg()[0]!;
  if (loadBefore > 1) log(`warning: load average is ${loadBefore.toFixed(1)} before the run; other work on this machine skews the numbers`);
  mkdirSync(buildDir, { recursive: true });
  await buildChildren();
  const mock = await startChild('mock-backend');
  const forwarder = await startChild('bare-forwarder', { env: { BENCH_TARGET: mock.url } });
  const execArgv = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', buildDir.pathname] : [];
  const proxy = await startChild('proxy-server', { env: proxyEnv(mock.url, 'silent'), execArgv });
  if (args.baseline) {
    log(`baseline: ${args.baseline}`);
    // With --cpu-prof the baseline is profiled too (its profile is the second file written).
    baseline = await startChild('proxy-server', { env: proxyEnv(mock.url, 'silent'), entry: await buildBaseline(args.baseline), execArgv });
  }
  const rows: Row[] = [];
  await sleep(500);
  const rssIdle = await proxy.rss();
  const results: DirectionResult[] = [];
  for (const direction of directions(mock.url)) results.push(await measureDirection(direction, mock, forwarder, proxy));
  for (const result of results) directionRows(result, rows);
  await sleep(1000);
  const rssAfterLoad = await proxy.rss();
  if (baseline) {
    rows.push({ section: 'memory', metric: 'RSS after load (baseline / proxy)', value: `${mb(await baseline.rss())} / ${mb(rssAfterLoad)}`, target: '-' });
    await baseline.stop();
    baseline = undefined;
  }
  log(`${settings.slow.count} concurrent slow streams`);
  await setScenario(mock, settings.slow.chunks, settings.slow.paceMs);
  const anthropicIn = results[0]!.direction;
  let rssSlowPeak = 0;
  const sampler = setInterval(() => { void proxy.rss().then((rss) => { rssSlowPeak = Math.max(rssSlowPeak, rss); }); }, 100);
  const slow = await runManyStreams(
    { name: 'proxy', url: proxy.url, path: anthropicIn.proxyPath, headers: anthropicIn.headers, body: anthropicIn.client.stream },
    settings.slow.count, 'message_stop',
    { sampleAfterMs: settings.slow.chunks * settings.slow.paceMs * 0.8, whileOpen: async () => { rssSlowPeak = Math.max(rssSlowPeak, await proxy.rss()); } },
  );
  clearInterval(sampler);
  await proxy.stop();
  rows.push({ section: 'memory', metric: 'proxy RSS idle', value: mb(rssIdle), target: '-' });
  rows.push({ section: 'memory', metric: 'proxy RSS after load', value: mb(rssAfterLoad), target: '< 130 MB', met: rssAfterLoad < 130 * 1024 * 1024 });
  rows.push({ section: 'memory', metric: `proxy RSS peak, ${settings.slow.count} concurrent slow streams`, value: mb(rssSlowPeak), target: '-' });
  rows.push({
    section: 'memory',
    metric: `${settings.slow.count} slow streams (${settings.slow.chunks} chunks, ${settings.slow.paceMs} ms apart)`,
    value: `${slow.completed} completed, ${slow.failed} failed, peak ${slow.peakConcurrent} streaming at once, first text p50 ${ms(slow.firstTextP50Ms, 0)} max ${ms(slow.firstTextMaxMs, 0)}, wall ${ms(slow.wallMs, 0)}`,
    target: 'no failures',
    met: slow.failed === 0,
  });
  if (slow.firstErrors.length > 0) log(`slow stream errors: ${slow.firstErrors.join(' | ')}`);
  if (!args['no-logging-pass']) await loggingPass(mock, forwarder, results, rows);
  await forwarder.stop();
  await mock.stop();
  log('request translation CPU');
  const cpu = measureTranslateCpu();
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const cc = cpu.claudeCode;
  rows.push({ section: 'cpu', metric: `validate+convert, ${cc.length} Claude Code requests (mean ${(mean(cc.map((r) => r.bytes)) / 1024).toFixed(0)} KB)`, value: `mean ${mean(cc.map((r) => r.translateUs)).toFixed(0)} us, max ${Math.max(...cc.map((r) => r.translateUs)).toFixed(0)} us`, target: '-' });
  rows.push({ section: 'cpu', metric: 'same requests: JSON.parse + JSON.stringify', value: `mean ${mean(cc.map((r) => r.parseUs + r.stringifyUs)).toFixed(0)} us`, target: '-' });
  rows.push({ section: 'cpu', metric: `validate+convert, ${(cpu.image.bytes / 1e6).toFixed(1)} MB request with 4 images`, value: `${(cpu.image.translateUs / 1000).toFixed(2)} ms (parse ${(cpu.image.parseUs / 1000).toFixed(1)} ms, stringify ${(cpu.image.stringifyUs / 1000).toFixed(1)} ms)`, target: '-' });

  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, ${arch()}`;
  const header = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${machine}, ${((Date.now() - startedAt) / 1000).toFixed(0)} s, load average ${loadBefore.toFixed(1)} before / ${loadavg()[0]!.toFixed(1)} after`;
  process.stdout.write(`\n${header}\n\n${formatTable(rows)}\n`);
  const markdown = `${header}\n\n${formatMarkdown(rows)}\n`;
  writeFileSync(new URL('last-run.md', buildDir), markdown);
  if (args.out) writeFileSync(args.out, markdown);
}

process.on('SIGINT', () => { killStartedChildren(); process.exit(130); });
main().catch((error: unknown) => {
  killStartedChildren();
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
