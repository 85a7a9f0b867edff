/**
 * Starting and stopping the bench's servers, each in its own process (so none shares an event
 * loop with the load generator). The TypeScript entries are bundled once with esbuild into
 * bench/.build/ and run on plain `node`: no loader thread in the measured process, so its RSS
 * and CPU are what production (`node dist/...`) would show. npm packages stay external.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const buildDir = `${benchDir}.build`;
const entries = ['mock-backend', 'bare-forwarder', 'bare-translator', 'proxy-server', 'layer-server'] as const;
export type ChildName = (typeof entries)[number];

/** How every bench bundle is built: ESM for plain `node`, npm packages external. */
const bundleOptions = {
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // Keeps `await import()` lazy (e.g. the tokenizer of count_tokens), as in dist/.
  splitting: true,
  sourcemap: 'linked',
  logLevel: 'warning',
} as const;

/** Bundles the child entries (about 100 ms). Type errors are `npm run typecheck`'s business. */
export async function buildChildren(): Promise<void> {
  await build({ ...bundleOptions, entryPoints: entries.map((name) => `${benchDir}lib/${name}.ts`), outdir: buildDir });
}

/**
 * Bundles another checkout's proxy entry (`<dir>/bench/lib/proxy-server.ts`, e.g. a worktree of
 * the commit before a change) as `baseline/proxy-server.mjs`, for `--baseline`: both proxies then
 * run in the same interleaved slices. Packages resolve from this checkout's node_modules.
 */
export async function buildBaseline(checkout: string): Promise<string> {
  const outdir = `${buildDir}/baseline`;
  await build({ ...bundleOptions, entryPoints: [`${checkout.replace(/\/$/, '')}/bench/lib/proxy-server.ts`], outdir });
  return `${outdir}/proxy-server.mjs`;
}

export interface RunningChild {
  name: ChildName;
  pid: number;
  port: number;
  url: string;
  /** Sends `{ type, ...fields }` and resolves with the child's `<type>:ack` reply. */
  ask(type: string, fields?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Resident set size in bytes, read from /proc (Linux) or asked over IPC. */
  rss(): Promise<number>;
  /** CPU time (user + system) the child has used so far, in microseconds, from /proc (Linux). */
  cpuMicros(): number | undefined;
  /** Closes the IPC channel (the child exits cleanly, writing any --cpu-prof), then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export interface StartChildOptions {
  env?: Record<string, string>;
  execArgv?: string[];
  /**
   * Where the child's stdout goes; the proxy's request log is discarded by default. `pipe`: a
   * pipe the driver drains (what a container's log collector sees), each chunk to `onStdout`.
   */
  stdout?: 'ignore' | 'inherit' | 'pipe';
  onStdout?: (chunk: Buffer) => void;
  /** Another bundle than `<name>.mjs` (the `--baseline` proxy). */
  entry?: string;
  /** Pins the child (all its threads) to this CPU with taskset. */
  cpu?: number;
  /** Another Node binary than the driver's (Node 24 beside 20: `--node`). */
  node?: string;
}

const running = new Set<ChildProcess>();

/** Starts one child and waits for its `ready` message (10 s at most). */
export function startChild(name: ChildName, options: StartChildOptions = {}): Promise<RunningChild> {
  const node = options.node ?? process.execPath;
  // fork() runs `execPath ...execArgv entry`: taskset execs node in place, keeping the IPC channel.
  const pinned = options.cpu !== undefined;
  const child = fork(options.entry ?? `${buildDir}/${name}.mjs`, [], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...options.env },
    execPath: pinned ? 'taskset' : node,
    execArgv: [...(pinned ? ['-c', String(options.cpu), node] : []), ...(options.execArgv ?? [])],
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (child.stdout) child.stdout.on('data', options.onStdout ?? (() => undefined));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 10 s`)), 10_000);
    child.once('exit', (code) => reject(new Error(`${name} exited during start (code ${code})`)));
    child.on('message', function onReady(message: { type?: string; port?: number }) {
      if (message.type !== 'ready' || typeof message.port !== 'number') return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve(wrap(name, child, message.port));
    });
  });
}

function wrap(name: ChildName, child: ChildProcess, port: number): RunningChild {
  const pid = child.pid!;
  const ask: RunningChild['ask'] = (type, fields = {}) =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== `${type}:ack`) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ type, ...fields }, (error) => error && reject(error));
    });
  return {
    name,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    ask,
    rss: async () => readProcRss(pid) ?? Number((await ask('rss')).rss),
    cpuMicros: () => readProcCpuMicros(pid),
    stop: () => stopChild(child),
  };
}

function readProcRss(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms on Linux). */
function readProcCpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  });
}

/** Last resort on an exception or Ctrl-C: kill exactly the children this process started. */
export function killStartedChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}
