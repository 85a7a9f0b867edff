/**
 * `npm run bench`: the proxy against a fast mock backend and a bare forwarder, on 127.0.0.1,
 * each server in its own process. The measured server (proxy, forwarder, baseline) is pinned to
 * CPU 0 with taskset; the mock backend, the load generator (wrk, a C program, one thread) and this
 * driver share CPU 1, so the load generator is not what limits the run (checked: the forwarder
 * must reach 40% of the mock's rate, else the run is printed NOT VALID). Every number is a ratio
 * taken in this one run, in interleaved slices. The proxy runs at the default log level (info),
 * its lines going to /dev/null; the same build at LOG_LEVEL=silent runs in the same slices.
 * The bare translator (bench/lib/bare-translator.ts: the forwarder plus the proxy's own parse,
 * validate, translate and serialize, nothing else) runs in the same slices too: proxy / translator
 * is what the gateway around the translation costs, translator / forwarder what translating costs.
 * Flags: --quick (shorter phases), --seconds N (per measured phase), --cpu-prof (profile the
 * proxy, written to bench/.build/), --no-silent-pass (no silent proxy), --no-floor (no bare translator), --no-node24 (no Node 24 proxy beside the
 * Node 20 one), --out FILE (markdown results), --baseline DIR (another checkout's proxy, e.g. a
 * worktree of the commit before a change, in the same slices). Without wrk (`apt-get install
 * wrk`) it falls back to autocannon in this process and says the run is not the valid harness.
 * Bounded: about 6 minutes on 2 cores (3 with --quick).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs, promisify } from 'node:util';
import { buildBaseline, buildChildren, killStartedChildren, startChild, type RunningChild, type StartChildOptions } from './lib/children.js';
import { directionRows, type DirectionResult } from './lib/direction-rows.js';
import { autocannonLoader, measureThroughputInterleaved, measureTimeToFirstText, runManyStreams, type Loader, type Target } from './lib/load.js';
import { proxyEnv } from './lib/proxy-env.js';
import { formatMarkdown, formatTable, mb, ms, type Row } from './lib/report.js';
import { directions, type Direction } from './lib/requests.js';
import { measureTranslateCpu } from './lib/translate-cpu.js';
import { measureThroughputWithWrk, wrkAvailable } from './lib/wrk-load.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    'no-silent-pass': { type: 'boolean', default: false },
    'no-node24': { type: 'boolean', default: false },
    'no-floor': { type: 'boolean', default: false },
    out: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const slices = args.quick ? 2 : 5;
const seconds = Math.max(slices, Number(args.seconds ?? (args.quick ? 2 : 5)));
const settings = {
  slices,
  // wrk takes whole seconds.
  sliceSeconds: Math.max(1, Math.round(seconds / slices)),
  warmupSeconds: 1,
  latency: { rounds: args.quick ? 2 : 3 },
  firstText: { rounds: args.quick ? 2 : 4, perRound: 25, chunks: 3, paceMs: 5 },
  sync: { connections: 64 },
  streams: { connections: 16, chunks: 100 },
  slow: { count: 1000, chunks: 40, paceMs: 50 },
};
const buildDir = new URL('./.build/', import.meta.url);
/** The measured servers run on SERVER_CPU; the mock, wrk and this driver on LOAD_CPU. */
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const run = promisify(execFile);

function sliceSummary(results: Map<string, { slices: number[] }>): string {
  return [...results].map(([name, r]) => `${name} ${r.slices.map((rate) => rate.toFixed(0)).join(',')}`).join('; ');
}

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function setScenario(mock: RunningChild, chunks: number, paceMs: number): Promise<void> {
  await mock.ask('scenario', { chunks, paceMs });
}

/** wrk pinned to LOAD_CPU when it is installed; else autocannon here (not the valid harness). */
let loader: Loader = autocannonLoader;
/** The proxies measured beside `proxy` in the same slices: `--baseline`, the Node 24 one. */
const extraProxies = new Map<string, RunningChild>();
/** The bare translator (bench/lib/bare-translator.ts), in the same slices unless --no-floor. */
let translator: RunningChild | undefined;

function targetsFor(direction: Direction, mock: RunningChild, forwarder: RunningChild, proxy: RunningChild, kind: 'sync' | 'stream'): Target[] {
  const proxyTarget = (name: string, child: RunningChild): Target => ({ name, url: child.url, path: direction.proxyPath, headers: direction.headers, body: direction.client[kind], cpuMicros: child.cpuMicros });
  return [
    { name: 'mock', url: mock.url, path: direction.backendPath, headers: direction.headers, body: direction.backend[kind], cpuMicros: mock.cpuMicros },
    { name: 'forwarder', url: forwarder.url, path: direction.backendPath, headers: direction.headers, body: direction.backend[kind], cpuMicros: forwarder.cpuMicros },
    // The translation floor: the forwarder plus the proxy's own parse, translate and serialize.
    ...(translator ? [proxyTarget('translator', translator)] : []),
    proxyTarget('proxy', proxy),
    ...[...extraProxies].map(([name, child]) => proxyTarget(name, child)),
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
  const result: DirectionResult = { direction, measured: true };
  await setScenario(mock, settings.streams.chunks, 0);
  const { slices, sliceSeconds, warmupSeconds } = settings;
  log(`${direction.id}: latency at concurrency 1, ${settings.latency.rounds} x ${sliceSeconds} s per target`);
  result.latency = await measureThroughputInterleaved(targetsFor(direction, mock, forwarder, proxy, 'sync'), 1, settings.latency.rounds, sliceSeconds, warmupSeconds, loader);
  log(`${direction.id}: non-streaming, ${settings.sync.connections} connections, ${slices} x ${sliceSeconds} s per target`);
  result.sync = await measureThroughputInterleaved(targetsFor(direction, mock, forwarder, proxy, 'sync'), settings.sync.connections, slices, sliceSeconds, warmupSeconds, loader);
  log(`${direction.id}: streams of ${settings.streams.chunks} chunks, ${settings.streams.connections} connections, ${slices} x ${sliceSeconds} s per target`);
  result.streams = await measureThroughputInterleaved(targetsFor(direction, mock, forwarder, proxy, 'stream'), settings.streams.connections, slices, sliceSeconds, warmupSeconds, loader);
  log(`${direction.id}: req/s slices ${sliceSummary(result.sync)}; streams/s slices ${sliceSummary(result.streams)}`);
  const { chunks, paceMs, rounds, perRound } = settings.firstText;
  await setScenario(mock, chunks, paceMs);
  log(`${direction.id}: time to first text, ${paceMs} ms between chunks`);
  result.firstText = await measureTimeToFirstText(targetsFor(direction, mock, forwarder, proxy, 'stream'), rounds, perRound);
  return result;
}

/** Node 24's binary from the npm registry's `node` package (cached by npx after the first run). */
async function resolveNode24(): Promise<string | undefined> {
  try {
    const { stdout } = await run('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath'], { timeout: 120_000 });
    return stdout.trim() || undefined;
  } catch (error) {
    log(`Node 24 not available (${String(error).slice(0, 120)}): measuring Node ${process.version} only`);
    return undefined;
  }
}

/** This driver (and what it starts unpinned: esbuild) on LOAD_CPU, beside the mock and wrk. */
async function pinDriver(): Promise<void> {
  await run('taskset', ['-a', '-p', '-c', String(LOAD_CPU), String(process.pid)]).catch(() => log('taskset failed: the driver is not pinned'));
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadBefore = loadavg()[0]!;
  if (loadBefore > 1) log(`warning: load average is ${loadBefore.toFixed(1)} before the run; other work on this machine skews the numbers`);
  mkdirSync(buildDir, { recursive: true });
  const withWrk = cpus().length >= 2 && (await wrkAvailable());
  if (withWrk) {
    loader = (target, connections, secs) => measureThroughputWithWrk(target, connections, secs, LOAD_CPU);
    await pinDriver();
  } else {
    log('wrk or a second core is missing: autocannon in this process is the load generator, so this is NOT the valid harness (apt-get install wrk)');
  }
  const pin = (options: StartChildOptions, cpu: number): StartChildOptions => (withWrk ? { ...options, cpu } : options);
  await buildChildren();
  const node24 = args['no-node24'] ? undefined : await resolveNode24();
  const mock = await startChild('mock-backend', pin({}, LOAD_CPU));
  const forwarder = await startChild('bare-forwarder', pin({ env: { BENCH_TARGET: mock.url } }, SERVER_CPU));
  if (!args['no-floor']) translator = await startChild('bare-translator', pin({ env: { BENCH_TARGET: mock.url } }, SERVER_CPU));
  const execArgv = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', buildDir.pathname] : [];
  // The default log level, as users run it; the request lines go to /dev/null.
  const proxy = await startChild('proxy-server', pin({ env: proxyEnv(mock.url, 'info'), execArgv }, SERVER_CPU));
  // The same build at LOG_LEVEL=silent, in the same slices: what the default log level costs.
  if (!args['no-silent-pass']) extraProxies.set('proxy-silent', await startChild('proxy-server', pin({ env: proxyEnv(mock.url, 'silent') }, SERVER_CPU)));
  if (node24) {
    const version = (await run(node24, ['--version'])).stdout.trim();
    log(`Node ${version} proxy beside the Node ${process.version} one: ${node24}`);
    // With the young generation's limit that `claude-proxy serve`, the container and `npm start` set on Node 22+.
    extraProxies.set('proxy-node24', await startChild('proxy-server', pin({ env: proxyEnv(mock.url, 'info'), node: node24, execArgv: ['--max-semi-space-size=16'] }, SERVER_CPU)));
  }
  if (args.baseline) {
    log(`baseline: ${args.baseline}`);
    // With --cpu-prof the baseline is profiled too (its profile is the second file written).
    extraProxies.set('baseline', await startChild('proxy-server', pin({ env: proxyEnv(mock.url, 'info'), entry: await buildBaseline(args.baseline), execArgv }, SERVER_CPU)));
  }
  const rows: Row[] = [];
  await sleep(500);
  const rssIdle = await proxy.rss();
  const results: DirectionResult[] = [];
  for (const direction of directions(mock.url)) results.push(await measureDirection(direction, mock, forwarder, proxy));
  const rowSettings = { syncConnections: settings.sync.connections, streamConnections: settings.streams.connections, chunks: settings.streams.chunks, paceMs: settings.firstText.paceMs };
  for (const result of results) directionRows(result, rowSettings, rows);
  await sleep(1000);
  const rssAfterLoad = await proxy.rss();
  // The floor: the bare forwarder (node:http and undici, no translation) after the same load.
  rows.push({ section: 'memory', metric: 'RSS after load (bare forwarder / proxy)', value: `${mb(await forwarder.rss())} / ${mb(rssAfterLoad)}`, target: '-' });
  if (translator) {
    rows.push({ section: 'memory', metric: 'RSS after load (bare translator / proxy)', value: `${mb(await translator.rss())} / ${mb(rssAfterLoad)}`, target: '-' });
    await translator.stop();
  }
  for (const [name, child] of extraProxies) {
    rows.push({ section: 'memory', metric: `RSS after load (${name} / proxy)`, value: `${mb(await child.rss())} / ${mb(rssAfterLoad)}`, target: '-' });
    await child.stop();
  }
  extraProxies.clear();
  log(`${settings.slow.count} concurrent slow streams`);
  await setScenario(mock, settings.slow.chunks, settings.slow.paceMs);
  const anthropicIn = results[0]!.direction;
  let rssSlowPeak = 0;
  const sampler = setInterval(() => { void proxy.rss().then((rss) => { rssSlowPeak = Math.max(rssSlowPeak, rss); }); }, 100);
  const slow = await runManyStreams(
    { name: 'proxy', url: proxy.url, path: anthropicIn.proxyPath, headers: anthropicIn.headers, body: anthropicIn.client.stream },
    settings.slow.count, anthropicIn.terminalMarker,
    { sampleAfterMs: settings.slow.chunks * settings.slow.paceMs * 0.8, whileOpen: async () => { rssSlowPeak = Math.max(rssSlowPeak, await proxy.rss()); } },
  );
  clearInterval(sampler);
  await proxy.stop();
  rows.push({ section: 'memory', metric: 'proxy RSS idle', value: mb(rssIdle), target: '-' });
  rows.push({ section: 'memory', metric: 'proxy RSS after load', value: mb(rssAfterLoad), target: '<= 130 MB', met: rssAfterLoad <= 130 * 1024 * 1024 });
  rows.push({ section: 'memory', metric: `proxy RSS peak, ${settings.slow.count} concurrent slow streams`, value: mb(rssSlowPeak), target: '<= 200 MB', met: rssSlowPeak <= 200 * 1024 * 1024 });
  rows.push({
    section: 'memory',
    metric: `${settings.slow.count} slow streams (${settings.slow.chunks} chunks, ${settings.slow.paceMs} ms apart)`,
    value: `${slow.completed} completed, ${slow.failed} failed, peak ${slow.peakConcurrent} streaming at once, first text p50 ${ms(slow.firstTextP50Ms, 0)} max ${ms(slow.firstTextMaxMs, 0)}, wall ${ms(slow.wallMs, 0)}`,
    target: 'no failures',
    met: slow.failed === 0,
  });
  if (slow.firstErrors.length > 0) log(`slow stream errors: ${slow.firstErrors.join(' | ')}`);
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
  const harness = withWrk ? `wrk on CPU ${LOAD_CPU} with the mock, servers on CPU ${SERVER_CPU}` : 'autocannon in the driver, unpinned (NOT the valid harness)';
  const header = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${machine}, ${harness}, ${((Date.now() - startedAt) / 1000).toFixed(0)} s, load average ${loadBefore.toFixed(1)} before / ${loadavg()[0]!.toFixed(1)} after`;
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
