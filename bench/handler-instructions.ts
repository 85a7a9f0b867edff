/**
 * `npx tsx bench/handler-instructions.ts [--direction anthropic-in|openai-in|responses-in]
 * [--kind sync|stream] [--requests N] [--log-level info|silent] [--handler proxy|translator]`: machine instructions per request of the proxy's own code
 * (bench/handler-cpu.ts's in-memory handler: the real request handler, an in-memory backend, no
 * sockets), counted by valgrind's callgrind. Instructions, not time: the count does not move
 * with what else the machine is doing, so a change to the hot path can be judged on this
 * shared VM, where CPU-time rows move by 10-20% between runs. The handler-cpu bundle runs under
 * callgrind twice, with N and 3N requests (each count twice: a warm-up and the measured pass);
 * the difference over 4N is the figure, so start-up, the JIT's warm-up and the exit drop out.
 * Node runs with V8's `--predictable` (no concurrent compiler or GC threads, whose timing would
 * change what runs on the main thread): two runs of the same code then agree to 0.01% (seen:
 * 3,537,308,605 and 3,537,079,708 instructions, run side by side), where without it they
 * differed by 12%. So the figure is for comparing two trees, not a time. Bounded: about two
 * minutes for the default N; the two runs go in parallel. Needs valgrind (Debian's package).
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    direction: { type: 'string', default: 'anthropic-in' },
    kind: { type: 'string', default: 'sync' },
    requests: { type: 'string', default: '1000' },
    'log-level': { type: 'string', default: 'info' },
    // `translator`: the translation floor (bench/lib/translation-floor.ts) instead of the proxy.
    handler: { type: 'string', default: 'proxy' },
  },
});

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const bundle = `${benchDir}.build/handler-cpu.mjs`;

/** Instructions executed by one run of the bundle with `requests` requests. */
async function instructionsFor(requests: number): Promise<number> {
  const out = `/tmp/claude-proxy-callgrind-${process.pid}-${requests}`;
  await run(
    'valgrind',
    ['--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${out}`, process.execPath, '--predictable', '--predictable-gc-schedule', bundle, '--only', args.handler === 'translator' ? 'translator' : 'proxy', '--direction', args.direction!, '--kind', args.kind!, '--log-level', args['log-level']!, '--requests', String(requests)],
    { maxBuffer: 1 << 24, timeout: 600_000 },
  );
  const text = readFileSync(out, 'utf8');
  rmSync(out, { force: true });
  const total = /^(?:summary|totals): (\d+)/m.exec(text)?.[1];
  if (total === undefined) throw new Error(`callgrind wrote no total to ${out}`);
  return Number(total);
}

async function main(): Promise<void> {
  await build({ entryPoints: [`${benchDir}handler-cpu.ts`], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const n = Number(args.requests);
  const [small, large] = await Promise.all([instructionsFor(n), instructionsFor(3 * n)]);
  const perRequest = (large - small) / (4 * n);
  process.stdout.write(
    `${args.handler} ${args.direction} ${args.kind}, LOG_LEVEL=${args['log-level']}: ${(perRequest / 1000).toFixed(1)} thousand instructions per ${args.kind === 'stream' ? 'stream' : 'request'} ` +
      `(callgrind, Node ${process.version}, ${n} and ${3 * n} requests: ${small} and ${large} in all)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
