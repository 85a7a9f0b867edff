/**
 * `npx tsx bench/memory-flags.ts [--node PATH]`: the proxy's memory after load with each young
 * generation size, on this Node or another (`--node $(npx -y -p node@24 node -p process.execPath)`).
 * For each flag set: a proxy pinned to CPU 0 gets 2 s of wrk load per direction and kind (mock and
 * wrk on CPU 1), then its RSS, heap total and heap used are read, and again after a forced GC.
 * The CPU per request (or stream) of each phase is printed too, to see what a flag costs.
 * Bounded: about 15 s per flag set. Needs wrk and taskset.
 */
import { parseArgs } from 'node:util';
import { buildChildren, killStartedChildren, startChild } from './lib/children.js';
import { proxyEnv } from './lib/proxy-env.js';
import { directions } from './lib/requests.js';
import { measureThroughputWithWrk } from './lib/wrk-load.js';

const { values: args } = parseArgs({ options: { node: { type: 'string' } } });
const flagSets: Record<string, string[]> = { default: [], 'semi-space 16 MB': ['--max-semi-space-size=16'], 'semi-space 8 MB': ['--max-semi-space-size=8'] };
const mb = (bytes: unknown) => `${(Number(bytes) / 1048576).toFixed(0)} MB`;

async function main(): Promise<void> {
  await buildChildren();
  const mock = await startChild('mock-backend', { cpu: 1 });
  await mock.ask('scenario', { chunks: 100, paceMs: 0 });
  for (const [name, flags] of Object.entries(flagSets)) {
    const proxy = await startChild('proxy-server', { env: proxyEnv(mock.url, 'info'), cpu: 0, execArgv: [...flags, '--expose-gc'], ...(args.node ? { node: args.node } : {}) });
    const cpu: string[] = [];
    for (const direction of directions(mock.url)) {
      for (const kind of ['sync', 'stream'] as const) {
        const target = { name, url: proxy.url, path: direction.proxyPath, headers: direction.headers, body: direction.client[kind], cpuMicros: proxy.cpuMicros };
        const result = await measureThroughputWithWrk(target, kind === 'sync' ? 64 : 16, 2, 1);
        cpu.push(`${direction.id} ${kind} ${result.cpuPerRequestUs.toFixed(0)} us`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const loaded = await proxy.ask('memory');
    const collected = await proxy.ask('gc');
    const after = await proxy.ask('memory');
    process.stdout.write(`${name}: RSS after load ${mb(loaded.rss)} (heap total ${mb(loaded.heapTotal)}, used ${mb(loaded.heapUsed)}); after a GC ${mb(collected.rss)} (heap total ${mb(after.heapTotal)}, used ${mb(after.heapUsed)})\n  CPU per request or stream: ${cpu.join(', ')}\n`);
    await proxy.stop();
  }
  await mock.stop();
}

main().catch((error: unknown) => {
  killStartedChildren();
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
