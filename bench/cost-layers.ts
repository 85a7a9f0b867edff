/**
 * `npx tsx bench/cost-layers.ts [--rounds N] [--seconds N] [--baseline DIR] [--only a,b]`: where a non-streaming request's
 * server CPU goes, layer by layer, for the Anthropic-client direction (Anthropic Messages in,
 * Chat Completions out), measured like `npm run bench` (each server pinned to CPU 0, the mock and
 * wrk on CPU 1, interleaved rounds, median CPU µs per request from /proc):
 *   http-only      node:http alone (bench/lib/layer-server.ts)
 *   http-json      + the JSON work of one request and one answer
 *   forwarder      node:http + an undici call to the mock + piping (bench/lib/bare-forwarder.ts)
 *   translator     the forwarder + the proxy's own parse, validate, translate, serialize (bench/lib/bare-translator.ts)
 *   proxy-memory   the proxy's handler with its backend in memory: no undici call
 *   proxy          the proxy as users run it (default log level)
 * Differences between rows are the cost of a layer: proxy - proxy-memory is the backend call,
 * proxy-memory - http-only is the proxy's own code behind node:http. Needs wrk and taskset.
 * `--baseline DIR` adds another checkout's proxy as a row (a worktree of the commit before a
 * change); `--only a,b` keeps those rows. Bounded: rounds x servers x (seconds + ~0.1 s), about
 * 1 minute by default.
 */
import { parseArgs } from 'node:util';
import { buildBaseline, buildChildren, killStartedChildren, startChild, type RunningChild } from './lib/children.js';
import { percentile } from './lib/load.js';
import { proxyEnv } from './lib/proxy-env.js';
import { directions } from './lib/requests.js';
import { measureThroughputWithWrk } from './lib/wrk-load.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    // Another checkout's proxy (a worktree of the commit before a change), as one more row.
    baseline: { type: 'string' },
    // Only these rows, comma-separated (e.g. `translator,proxy,baseline`).
    only: { type: 'string' },
  },
});

async function main(): Promise<void> {
  await buildChildren();
  const mock = await startChild('mock-backend', { cpu: 1 });
  const direction = directions(mock.url)[0]!;
  const env = proxyEnv(mock.url, 'info');
  const layers: Array<[string, () => Promise<RunningChild>, 'client' | 'backend']> = [
    ['http-only', () => startChild('layer-server', { cpu: 0, env: { BENCH_LAYER: 'http-only' } }), 'client'],
    ['http-json', () => startChild('layer-server', { cpu: 0, env: { BENCH_LAYER: 'http-json' } }), 'client'],
    ['forwarder', () => startChild('bare-forwarder', { cpu: 0, env: { BENCH_TARGET: mock.url } }), 'backend'],
    ['translator', () => startChild('bare-translator', { cpu: 0, env: { BENCH_TARGET: mock.url } }), 'client'],
    ['proxy-memory', () => startChild('layer-server', { cpu: 0, env: { ...env, BENCH_LAYER: 'proxy-memory' } }), 'client'],
    ['proxy', () => startChild('proxy-server', { cpu: 0, env }), 'client'],
  ];
  if (args.baseline) {
    const entry = await buildBaseline(args.baseline);
    layers.push(['baseline', () => startChild('proxy-server', { cpu: 0, env, entry }), 'client']);
  }
  const wanted = args.only?.split(',');
  const servers: Array<[string, RunningChild, 'client' | 'backend']> = [];
  for (const [name, start, side] of layers) if (!wanted || wanted.includes(name)) servers.push([name, await start(), side]);
  const cpu = new Map<string, number[]>();
  const rate = new Map<string, number[]>();
  for (let round = -1; round < Number(args.rounds); round++) {
    for (const [name, child, side] of servers) {
      const target = {
        name, url: child.url, headers: direction.headers, cpuMicros: child.cpuMicros,
        path: side === 'client' ? direction.proxyPath : direction.backendPath,
        body: side === 'client' ? direction.client.sync : direction.backend.sync,
      };
      const result = await measureThroughputWithWrk(target, 64, round < 0 ? 1 : Number(args.seconds), 1);
      if (result.errors + result.non2xx > 0) throw new Error(`${name}: ${result.errors + result.non2xx} failed requests`);
      if (round < 0) continue;
      cpu.set(name, [...(cpu.get(name) ?? []), result.cpuPerRequestUs]);
      rate.set(name, [...(rate.get(name) ?? []), result.perSecond]);
    }
  }
  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  const lines = [`Node ${process.version}, ${direction.title}, c=64, ${args.rounds} rounds of ${args.seconds} s, median server CPU per request`, '', '| layer | CPU per request | req/s | rounds |', '| --- | --- | --- | --- |'];
  for (const [name] of servers) lines.push(`| ${name} | ${median(cpu.get(name)!).toFixed(0)} us | ${median(rate.get(name)!).toFixed(0)}/s | ${cpu.get(name)!.map((value) => value.toFixed(0)).join(', ')} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const [, child] of servers) await child.stop();
  await mock.stop();
}

main().catch((error: unknown) => {
  killStartedChildren();
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
