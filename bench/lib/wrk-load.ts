/**
 * Load from wrk (Debian's package: a C load generator, one thread), pinned to the load core
 * with taskset, so the load generator is not what limits the measured server (issue 13: a Node
 * load generator sharing the cores compressed every ratio). POST bodies come from a Lua script
 * that reads the body from a file; its `done` prints the counts and latency as one JSON line.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Target, ThroughputResult } from './load.js';

const run = promisify(execFile);
const scriptDir = new URL('../.build/wrk/', import.meta.url).pathname;

/** The Lua side: request from the body file and headers; one JSON line at the end. */
function luaScript(bodyFile: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`);
  return `local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
${lines.join('\n')}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\n@@{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

const scripts = new Map<string, string>();

/** One script per target (written once per run into bench/.build/wrk/). */
function scriptFor(target: Target): string {
  let path = scripts.get(target.name + target.body.length + target.path);
  if (path) return path;
  mkdirSync(scriptDir, { recursive: true });
  const id = `${target.name}-${scripts.size}`;
  const bodyFile = `${scriptDir}${id}.body`;
  writeFileSync(bodyFile, target.body);
  path = `${scriptDir}${id}.lua`;
  writeFileSync(path, luaScript(bodyFile, target.headers));
  scripts.set(target.name + target.body.length + target.path, path);
  return path;
}

interface WrkSummary {
  requests: number;
  duration_us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50_us: number;
  p99_us: number;
}

/** Is wrk on PATH (and taskset, to pin it)? */
export async function wrkAvailable(): Promise<boolean> {
  try {
    await run('wrk', ['--version']).catch((error: { stdout?: string }) => {
      // wrk --version prints its banner and exits 1.
      if (!String(error.stdout ?? '').includes('wrk')) throw error;
    });
    await run('taskset', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * `connections` connections for `seconds` (whole seconds: wrk's unit) against one target, wrk
 * on `cpu`. The target's server CPU is read before and after, as with autocannon.
 */
export async function measureThroughputWithWrk(target: Target, connections: number, seconds: number, cpu: number): Promise<ThroughputResult> {
  const args = ['-c', String(cpu), 'wrk', '-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--timeout', '10s', '-s', scriptFor(target), `${target.url}${target.path}`];
  const cpuBefore = target.cpuMicros?.();
  const { stdout } = await run('taskset', args, { maxBuffer: 1 << 20 });
  const cpuAfter = target.cpuMicros?.();
  const line = stdout.split('\n').find((text) => text.startsWith('@@'));
  if (!line) throw new Error(`wrk printed no summary for ${target.name}: ${stdout.slice(-400)}`);
  const summary = JSON.parse(line.slice(2)) as WrkSummary;
  const measuredSeconds = summary.duration_us / 1e6;
  return {
    perSecond: summary.requests / measuredSeconds,
    total: summary.requests,
    errors: summary.connect + summary.read + summary.write + summary.timeout,
    non2xx: summary.status,
    p50Ms: summary.p50_us / 1000,
    p99Ms: summary.p99_us / 1000,
    cpuPerRequestUs: cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (cpuAfter - cpuBefore) / Math.max(1, summary.requests),
  };
}
