/**
 * Node 22 and later let V8's young generation grow to 128 MB on a machine like the bench's
 * (Node 20 stops at 32 MB); the proxy's short-lived objects then keep about 70 MB more resident
 * for no CPU gain that the bench can see (docs/BENCHMARKS.md, issue 13: 268 MB after load by
 * default, 197 MB with `--max-semi-space-size=16`, on Node 24). The flag is read only when the
 * process starts (`v8.setFlagsFromString` later changes nothing: the heap is already set up), so
 * `serve` restarts itself in place with `--max-semi-space-size=16`, Node 20's own limit, through
 * `process.execve` (Node 22.15 and 23.11 onwards; not on Windows): the same process id, open
 * descriptors and environment, so a service manager or a container sees nothing change. A value
 * the user chose, in NODE_OPTIONS or on node's command line, is kept as it is.
 */

export const youngGenerationFlag = '--max-semi-space-size=16';

/** What of `process` the decision reads: the real one, or a test's. */
export interface NodeProcessView {
  platform: string;
  execPath: string;
  execArgv: readonly string[];
  argv: readonly string[];
  env: Record<string, string | undefined>;
  execve?: unknown;
}

/** The file and arguments to restart with, or undefined when this Node cannot or need not. */
export function youngGenerationRestart(node: NodeProcessView): { file: string; args: string[] } | undefined {
  if (typeof node.execve !== 'function' || node.platform === 'win32') return undefined;
  const chosen = (value: string) => value.startsWith('--max-semi-space-size') || value.startsWith('--max_semi_space_size');
  if (node.execArgv.some(chosen) || (node.env.NODE_OPTIONS ?? '').split(/\s+/).some(chosen)) return undefined;
  return { file: node.execPath, args: [node.execPath, youngGenerationFlag, ...node.execArgv, ...node.argv.slice(1)] };
}

/** Restarts this process with the young generation's limit when `youngGenerationRestart` says so; else returns. */
export function restartWithYoungGenerationLimit(): void {
  const restart = youngGenerationRestart(process);
  if (restart === undefined) return;
  const execve = (process as unknown as { execve: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  execve(restart.file, restart.args, process.env);
}
