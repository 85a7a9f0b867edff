import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import type { WorkerBundle } from './build-worker-bundle.js';

/** A built Worker running in workerd (Miniflare) on 127.0.0.1. */
export interface RunningWorker {
  url: string;
  /** What the Worker wrote to its console (the proxy's log lines), line by line. */
  log: string[];
  dispose(): Promise<void>;
}

/** Starts `bundle` in workerd with `bindings` as its vars, the flags of wrangler.toml, on `port` (0: any). */
export async function startWorkerInWorkerd(bundle: WorkerBundle, bindings: Record<string, string>, port = 0): Promise<RunningWorker> {
  const log: string[] = [];
  const collect = (stream: Readable) => stream.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundle.scriptPath,
    // The bundle sits in a scratch folder; module names are relative to this root.
    modulesRoot: dirname(bundle.scriptPath),
    compatibilityDate: '2026-04-26',
    compatibilityFlags: ['enable_request_signal'],
    bindings,
    host: '127.0.0.1',
    port,
    // The placeholder `request.cf`: never fetched from workers.cloudflare.com (tests run offline).
    cf: false,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      collect(stdout);
      collect(stderr);
    },
  });
  let url: URL;
  try {
    url = await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw new Error(`workerd did not start: ${String(error)}\n${log.slice(-20).join('\n')}`);
  }
  return { url: url.toString().replace(/\/$/, ''), log, dispose: () => mf.dispose() };
}

/** Runs `use` against a Worker started with `bindings`, disposed afterwards. */
export async function withWorker<T>(bundle: WorkerBundle, bindings: Record<string, string>, use: (url: string) => Promise<T>): Promise<T> {
  const worker = await startWorkerInWorkerd(bundle, bindings);
  try {
    return await use(worker.url);
  } finally {
    await worker.dispose();
  }
}
