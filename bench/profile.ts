/**
 * `npx tsx bench/profile.ts [--server proxy|forwarder|translator] [--direction anthropic-in|openai-in|responses-in]
 * [--kind sync|stream] [--seconds N] [--log-level info|silent] [--node PATH]`: one proxy (or the
 * bare forwarder, or the bare translator) under wrk load with `--cpu-prof`, pinned as in `npm run bench` (server on
 * CPU 0; mock and wrk on CPU 1), then the profile's top self-time frames, the busy share per
 * source file, and the busy time per request by layer (socket writes, GC, Node's internals,
 * undici, the proxy's own code): profile the forwarder and the proxy one after the other and the
 * difference per layer is where the proxy's extra CPU goes, for issue 13. The profiler's own
 * overhead is in both. `--summarize FILE [--requests N]` reads an earlier profile again.
 * Bounded: seconds + about 5 s. Needs wrk and taskset.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildChildren, killStartedChildren, startChild } from './lib/children.js';
import { proxyEnv } from './lib/proxy-env.js';
import { directions } from './lib/requests.js';
import { measureThroughputWithWrk } from './lib/wrk-load.js';

const { values: args } = parseArgs({
  options: {
    direction: { type: 'string', default: 'anthropic-in' },
    kind: { type: 'string', default: 'sync' },
    seconds: { type: 'string', default: '8' },
    'log-level': { type: 'string', default: 'info' },
    node: { type: 'string' },
    top: { type: 'string', default: '30' },
    summarize: { type: 'string' },
    requests: { type: 'string' },
    server: { type: 'string', default: 'proxy' },
  },
});
const profileDir = new URL('./.build/profiles/', import.meta.url).pathname;

interface ProfileNode {
  id: number;
  hitCount: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Bundle line -> source file, from the `// src/...` comments esbuild writes before each module. */
function sourceFileOf(bundle: string): (line: number) => string {
  const starts: Array<[number, string]> = [];
  readFileSync(bundle, 'utf8').split('\n').forEach((text, index) => {
    if (text.startsWith('// src/') || text.startsWith('// bench/')) starts.push([index, text.slice(3)]);
  });
  return (line) => {
    let found = bundle.split('/').pop()!;
    for (const [start, name] of starts) {
      if (start > line) break;
      found = name;
    }
    return found;
  };
}

function summarize(file: string, top: number, requests?: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
  const nodes = profile.nodes;
  const bundles = new Map<string, (line: number) => string>();
  const isBundle = (url: string) => url.startsWith('file://') && url.endsWith('.mjs') && !url.includes('node_modules');
  const sourceIn = (url: string, line: number) => {
    let map = bundles.get(url);
    if (!map) bundles.set(url, (map = sourceFileOf(new URL(url).pathname)));
    return map(line);
  };
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const idle = new Set(['(idle)', '(program)']);
  const busy = nodes.filter((node) => !idle.has(node.callFrame.functionName)).reduce((sum, node) => sum + node.hitCount, 0);
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of nodes) {
    if (node.hitCount === 0 || idle.has(node.callFrame.functionName)) continue;
    const where = isBundle(node.callFrame.url) ? sourceIn(node.callFrame.url, node.callFrame.lineNumber) : node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\//, '');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + node.hitCount);
    const group = where === '' ? '(native / gc)' : where.startsWith('node:') ? 'node: internals' : where.split(':')[0]!;
    byFile.set(group, (byFile.get(group) ?? 0) + node.hitCount);
  }
  const pct = (hits: number) => `${((hits / busy) * 100).toFixed(1)}%`.padStart(6);
  process.stdout.write(`\n${file}\n${busy} busy samples\n\nself time, top ${top}:\n`);
  for (const [name, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(hits)}  ${name}\n`);
  process.stdout.write('\nself time by file:\n');
  for (const [name, hits] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(hits)}  ${name}\n`);
  if (requests !== undefined && requests > 0) {
    // The sampled busy time, by layer, per request (a sample stands for the profile's mean interval).
    const usPerSample = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
    const layers = new Map<string, number>();
    for (const node of nodes) {
      if (node.hitCount === 0 || idle.has(node.callFrame.functionName)) continue;
      const url = node.callFrame.url;
      const name = node.callFrame.functionName;
      const layer = url === ''
        ? name === 'writev' || name === 'writeUtf8String' || name === 'writeBuffer' ? 'socket writes (native)' : name === '(garbage collector)' ? 'garbage collector' : 'other native (microtask queue, wasm, ...)'
        : url.startsWith('node:') ? "Node's internals (node:http, streams, events)"
          : url.includes('node_modules/undici/') || url.startsWith('wasm://') ? 'undici (and its wasm HTTP parser)'
            : isBundle(url) ? `${sourceIn(url, node.callFrame.lineNumber).startsWith('src/') ? "the proxy's own code (src/)" : 'the bench server (bench/)'}`
              : 'other';
      layers.set(layer, (layers.get(layer) ?? 0) + node.hitCount);
    }
    process.stdout.write(`\nbusy time per request by layer (${requests} requests, ${usPerSample.toFixed(0)} us per sample):\n`);
    for (const [name, hits] of [...layers].sort((a, b) => b[1] - a[1])) process.stdout.write(`${((hits * usPerSample) / requests).toFixed(1).padStart(7)} us  ${name}\n`);
    process.stdout.write(`${((busy * usPerSample) / requests).toFixed(1).padStart(7)} us  in all\n`);
  }
  // Inclusive: a sample counts once for every proxy source file on its stack.
  const inclusive = new Map<string, number>();
  for (const node of nodes) {
    if (node.hitCount === 0 || idle.has(node.callFrame.functionName)) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (isBundle(frame.url)) seen.add(sourceIn(frame.url, frame.lineNumber));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + node.hitCount);
  }
  process.stdout.write('\ninclusive time by proxy source file (callees included):\n');
  for (const [name, hits] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(hits)}  ${name}\n`);
}

async function main(): Promise<void> {
  if (args.summarize) return summarize(args.summarize, Number(args.top), args.requests === undefined ? undefined : Number(args.requests));
  await buildChildren();
  const mock = await startChild('mock-backend', { cpu: 1 });
  const started = Date.now();
  const forwarder = args.server === 'forwarder';
  const common = { execArgv: ['--cpu-prof', '--cpu-prof-dir', profileDir], cpu: 0, ...(args.node ? { node: args.node } : {}) };
  const proxy = args.server === 'proxy'
    ? await startChild('proxy-server', { ...common, env: proxyEnv(mock.url, args['log-level']!) })
    : await startChild(forwarder ? 'bare-forwarder' : 'bare-translator', { ...common, env: { BENCH_TARGET: mock.url } });
  const direction = directions(mock.url).find((d) => d.id === args.direction);
  if (!direction) throw new Error(`unknown --direction ${args.direction}`);
  const kind = args.kind === 'stream' ? 'stream' : 'sync';
  await mock.ask('scenario', { chunks: 100, paceMs: 0 });
  const target = forwarder
    ? { name: 'forwarder', url: proxy.url, path: direction.backendPath, headers: direction.headers, body: direction.backend[kind], cpuMicros: proxy.cpuMicros }
    : { name: args.server!, url: proxy.url, path: direction.proxyPath, headers: direction.headers, body: direction.client[kind], cpuMicros: proxy.cpuMicros };
  const connections = kind === 'sync' ? 64 : 16;
  const warmup = await measureThroughputWithWrk(target, connections, 1, 1);
  const result = await measureThroughputWithWrk(target, connections, Number(args.seconds), 1);
  process.stdout.write(`${target.name} ${direction.id} ${kind}: ${result.perSecond.toFixed(0)}/s, ${result.cpuPerRequestUs.toFixed(0)} us CPU per ${kind === 'sync' ? 'request' : 'stream'}, ${result.errors + result.non2xx} failed\n`);
  await proxy.stop();
  await mock.stop();
  const newest = readdirSync(profileDir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => `${profileDir}${name}`)
    .filter((path) => statSync(path).mtimeMs >= started)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error('the server wrote no profile');
  // The profile covers the warm-up too: its requests count.
  summarize(newest, Number(args.top), warmup.total + result.total);
}

main().catch((error: unknown) => {
  killStartedChildren();
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
