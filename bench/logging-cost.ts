/**
 * `npx tsx bench/logging-cost.ts`: what logging at info costs the proxy. The same proxy build
 * runs as several servers side by side (LOG_LEVEL=silent, info with text lines, info with JSON
 * lines, silent again as the noise floor; with --baseline DIR also another checkout's proxy at
 * info), all measured in the same
 * interleaved slices against one mock backend, so the ratios hold on a shared machine. The
 * proxies' stdout is a pipe the driver drains, as under a container runtime or systemd.
 * Flags: --seconds N (per slice, default 1), --slices N (default 3), --baseline DIR, --cpu-prof
 * (profiles of the info proxies, in bench/.build/), --stdout ignore (/dev/null instead of a pipe).
 * Bounded: 2 directions x 2 kinds x targets x (slices x seconds + 0.5 s warm-up); about 1 minute.
 */
import { parseArgs } from 'node:util';
import { buildBaseline, buildChildren, killStartedChildren, startChild, type RunningChild } from './lib/children.js';
import { measureThroughputInterleaved, type Target } from './lib/load.js';
import { proxyEnv } from './lib/proxy-env.js';
import { formatTable, pct, perSecond, type Row } from './lib/report.js';
import { directions } from './lib/requests.js';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string' }, slices: { type: 'string' }, baseline: { type: 'string' }, 'cpu-prof': { type: 'boolean', default: false }, stdout: { type: 'string', default: 'pipe' } },
});
const sliceSeconds = Number(args.seconds ?? 1);
const slices = Number(args.slices ?? 3);
const log = (line: string) => process.stderr.write(`[logging-cost] ${line}\n`);


async function main(): Promise<void> {
  await buildChildren();
  const mock = await startChild('mock-backend');
  const linesByProxy = new Map<string, number>();
  const counting = (name: string) => (chunk: Buffer) => {
    let lines = 0;
    for (const byte of chunk) if (byte === 10) lines++;
    linesByProxy.set(name, (linesByProxy.get(name) ?? 0) + lines);
  };
  const proxies: Array<[string, RunningChild]> = [];
  // --cpu-prof: a profile of each proxy at info, in bench/.build/ (named by pid, in start order).
  const profile = (name: string) => (args['cpu-prof'] && name.includes('info') ? ['--cpu-prof', '--cpu-prof-dir', new URL('./.build/', import.meta.url).pathname] : []);
  // --stdout ignore: the proxies write to /dev/null instead of a pipe, to tell the pipe's cost from the rest.
  const stdout = args.stdout === 'ignore' ? 'ignore' : 'pipe';
  const start = async (name: string, env: Record<string, string>, entry?: string) => {
    const child = await startChild('proxy-server', { env, entry, stdout, onStdout: counting(name), execArgv: profile(name) });
    log(`${name}: pid ${child.pid}`);
    proxies.push([name, child]);
  };
  await start('silent', proxyEnv(mock.url, 'silent'));
  if (args.baseline) await start('baseline-info', proxyEnv(mock.url, 'info'), await buildBaseline(args.baseline));
  await start('info-text', proxyEnv(mock.url, 'info', 'text'));
  await start('info-json', proxyEnv(mock.url, 'info', 'json'));
  // The same silent proxy again, measured last in each slice: how far two identical servers differ here.
  await start('silent-again', proxyEnv(mock.url, 'silent'));
  const rows: Row[] = [];
  try {
    await mock.ask('scenario', { chunks: 100, paceMs: 0 });
    for (const direction of directions(mock.url)) {
      for (const kind of ['sync', 'stream'] as const) {
        const targets: Target[] = proxies.map(([name, child]) => ({ name, url: child.url, path: direction.proxyPath, headers: direction.headers, body: direction.client[kind], cpuMicros: child.cpuMicros }));
        const connections = kind === 'sync' ? 64 : 16;
        log(`${direction.id} ${kind}: ${targets.length} proxies, ${slices} x ${sliceSeconds} s each`);
        const results = await measureThroughputInterleaved(targets, connections, slices, sliceSeconds, 0.5);
        const silent = results.get('silent')!;
        const section = `${direction.id} ${kind === 'sync' ? `c=${connections} requests` : `c=${connections} streams of 100 chunks`}`;
        for (const [name, result] of results) {
          rows.push({
            section,
            metric: name,
            value: `${perSecond(result.perSecond)} (${pct(result.perSecond / silent.perSecond)} of silent), CPU ${result.cpuPerRequestUs.toFixed(0)} us per request (${pct(result.cpuPerRequestUs / silent.cpuPerRequestUs)} of silent), ${result.errors + result.non2xx} failed`,
            target: '-',
          });
        }
      }
    }
  } finally {
    for (const [, child] of proxies) await child.stop();
    await mock.stop();
  }
  process.stdout.write(`\n${formatTable(rows)}\n\nlog lines received: ${[...linesByProxy].map(([name, lines]) => `${name} ${lines}`).join(', ')}\n`);
}

process.on('SIGINT', () => { killStartedChildren(); process.exit(130); });
main().catch((error: unknown) => {
  killStartedChildren();
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
