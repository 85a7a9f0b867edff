/**
 * `npx tsx bench/syscalls.ts [--direction anthropic-in|openai-in|responses-in] [--kind sync|stream]
 * [--seconds N] [--log-level info|silent]`: system calls per request of the bare forwarder, the
 * bare translator and the proxy under the same wrk load, pinned as in `npm run bench`, counted by `strace -c -f`
 * attached to each server in turn. strace slows the server down, so the rates mean nothing
 * here; the counts per request do (they do not depend on speed). On this VM a system call is a
 * few microseconds, so a call per request more or less is visible in the CPU-per-request rows.
 * Bounded: about 3 × (seconds + 3) s. Needs wrk, taskset and strace (Debian's packages).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildChildren, startChild, type RunningChild } from './lib/children.js';
import { proxyEnv } from './lib/proxy-env.js';
import { directions } from './lib/requests.js';
import { measureThroughputWithWrk } from './lib/wrk-load.js';

const { values: args } = parseArgs({
  options: {
    direction: { type: 'string', default: 'anthropic-in' },
    kind: { type: 'string', default: 'sync' },
    seconds: { type: 'string', default: '4' },
    'log-level': { type: 'string', default: 'info' },
  },
});

interface Counts {
  requests: number;
  calls: Map<string, number>;
}

/** Runs wrk against `server` with strace attached; the calls by name and the requests served. */
async function countSyscalls(server: RunningChild, target: Parameters<typeof measureThroughputWithWrk>[0], connections: number): Promise<Counts> {
  const out = `/tmp/claude-proxy-strace-${server.pid}.txt`;
  const strace = spawn('strace', ['-c', '-f', '-o', out, '-p', String(server.pid)], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const result = await measureThroughputWithWrk(target, connections, Number(args.seconds), 1);
  strace.kill('SIGINT');
  await new Promise((resolve) => strace.once('exit', resolve));
  const calls = new Map<string, number>();
  // strace -c: "% time  seconds  usecs/call  calls  errors syscall"
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || !/^\d+(\.\d+)?$/.test(fields[0]!)) continue;
    const name = fields[fields.length - 1]!;
    if (name === 'total') continue;
    calls.set(name, Number(fields[3]));
  }
  rmSync(out, { force: true });
  return { requests: result.total, calls };
}

async function main(): Promise<void> {
  await buildChildren();
  const mock = await startChild('mock-backend', { cpu: 1 });
  const forwarder = await startChild('bare-forwarder', { env: { BENCH_TARGET: mock.url }, cpu: 0 });
  const translator = await startChild('bare-translator', { env: { BENCH_TARGET: mock.url }, cpu: 0 });
  const proxy = await startChild('proxy-server', { env: proxyEnv(mock.url, args['log-level']!), cpu: 0 });
  const direction = directions(mock.url).find((d) => d.id === args.direction);
  if (!direction) throw new Error(`unknown --direction ${args.direction}`);
  const kind = args.kind === 'stream' ? 'stream' : 'sync';
  await mock.ask('scenario', { chunks: 100, paceMs: 0 });
  const connections = kind === 'sync' ? 64 : 16;
  const results: Array<[string, Counts]> = [];
  for (const [server, path, body] of [
    [forwarder, direction.backendPath, direction.backend[kind]],
    [translator, direction.proxyPath, direction.client[kind]],
    [proxy, direction.proxyPath, direction.client[kind]],
  ] as const) {
    const target = { name: server.name, url: server.url, path, headers: direction.headers, body };
    await measureThroughputWithWrk(target, connections, 1, 1);
    results.push([server.name, await countSyscalls(server, target, connections)]);
  }
  await Promise.all([proxy.stop(), translator.stop(), forwarder.stop(), mock.stop()]);
  const names = [...new Set(results.flatMap(([, counts]) => [...counts.calls.keys()]))];
  const perRequest = (counts: Counts, name: string) => (counts.calls.get(name) ?? 0) / Math.max(1, counts.requests);
  names.sort((a, b) => perRequest(results[2]![1], b) - perRequest(results[2]![1], a));
  process.stdout.write(`${direction.id} ${kind}, system calls per ${kind === 'sync' ? 'request' : 'stream'} (strace -c -f)\n`);
  process.stdout.write(`${'call'.padEnd(20)}${results.map(([name]) => name.padStart(16)).join('')}\n`);
  for (const name of names) {
    if (results.every(([, counts]) => perRequest(counts, name) < 0.01)) continue;
    process.stdout.write(`${name.padEnd(20)}${results.map(([, counts]) => perRequest(counts, name).toFixed(2).padStart(16)).join('')}\n`);
  }
  const totals = results.map(([, counts]) => [...counts.calls.values()].reduce((sum, n) => sum + n, 0) / Math.max(1, counts.requests));
  process.stdout.write(`${'total'.padEnd(20)}${totals.map((n) => n.toFixed(2).padStart(16)).join('')}\n`);
  process.stdout.write(`${'requests counted'.padEnd(20)}${results.map(([, counts]) => String(counts.requests).padStart(16)).join('')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
