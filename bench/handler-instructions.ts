/**
 * `npx tsx bench/handler-instructions.ts [--direction anthropic-in|openai-in|responses-in]
 * [--kind sync|stream] [--requests N] [--log-level info|silent] [--handler proxy|translator]`:
 * machine instructions per request of the proxy's own code (bench/handler-cpu.ts's in-memory
 * handler: the real request handler, an in-memory backend, no sockets), or of the translation
 * floor (`--handler translator`), counted by valgrind's callgrind. Instructions, not time: the
 * count does not move with what else the machine is doing, so a change to the hot path can be
 * judged on this shared VM, where CPU-time rows move by 10-20% between runs. The bundle serves N
 * warm-up requests, then N measured ones between two marks (Math.atanh calls, before each of
 * which callgrind dumps its counts): the figure is the measured window over N, without start-up,
 * warm-up or exit. Node runs with V8's `--predictable` (no concurrent compiler or GC threads,
 * whose timing would change what runs on the main thread). The earlier method (runs of N and 3N,
 * their difference) moved by 10% for one tree: the JIT still warms up past N, and a major GC
 * falls in one run and not the other. So the figure is for comparing two trees, not a time; a
 * larger N averages more GC cycles. Bounded: about a minute for the default N. Needs valgrind
 * (Debian's package).
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
    requests: { type: 'string', default: '2000' },
    'log-level': { type: 'string', default: 'info' },
    // `translator`: the translation floor (bench/lib/translation-floor.ts) instead of the proxy.
    handler: { type: 'string', default: 'proxy' },
  },
});

const benchDir = fileURLToPath(new URL('.', import.meta.url));
// Split like the servers' bundles (bench/lib/children.ts), so that lazy imports stay lazy: one
// bundle inlines count_tokens' tokenizer tables (about 100 MB of heap) into every run, and each
// major GC of that heap in the measured window weighed more than the requests.
const outdir = `${benchDir}.build/instructions`;
const bundle = `${outdir}/handler-cpu.mjs`;

/**
 * Instructions of the measured requests alone: handler-cpu marks the start and the end of its
 * measured run (after as many warm-up requests) by calling Math.atanh, and callgrind dumps its
 * counts before each such call; the second dump holds exactly the measured run.
 */
async function instructionsFor(requests: number): Promise<number> {
  const out = `/tmp/claude-proxy-callgrind-${process.pid}-${requests}`;
  await run(
    'valgrind',
    ['--tool=callgrind', '--smc-check=all-non-file', '--dump-before=Builtins_MathAtanh', `--callgrind-out-file=${out}`, process.execPath, '--predictable', '--predictable-gc-schedule', bundle, '--only', args.handler === 'translator' ? 'translator' : 'proxy', '--direction', args.direction!, '--kind', args.kind!, '--log-level', args['log-level']!, '--requests', String(requests)],
    { maxBuffer: 1 << 24, timeout: 900_000 },
  );
  try {
    const text = readFileSync(`${out}.2`, 'utf8');
    const total = /^(?:summary|totals): (\d+)/m.exec(text)?.[1];
    if (total === undefined) throw new Error(`callgrind wrote no total to ${out}.2`);
    return Number(total);
  } finally {
    for (const suffix of ['', '.1', '.2', '.3']) rmSync(`${out}${suffix}`, { force: true });
  }
}

async function main(): Promise<void> {
  await build({ entryPoints: [`${benchDir}handler-cpu.ts`], outdir, outExtension: { '.js': '.mjs' }, splitting: true, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const n = Number(args.requests);
  const window = await instructionsFor(n);
  process.stdout.write(
    `${args.handler} ${args.direction} ${args.kind}, LOG_LEVEL=${args['log-level']}: ${(window / n / 1000).toFixed(1)} thousand instructions per ${args.kind === 'stream' ? 'stream' : 'request'} ` +
      `(callgrind, Node ${process.version}: ${window} for the ${n} measured requests, after ${n} warm-up ones)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
