import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BoundedProcess {
  child: ChildProcess;
  pid: number;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr matches; rejects with both outputs after `timeoutMs` or on exit. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<Exit>;
  /** The exit within `timeoutMs`, else undefined (the process keeps running). */
  exitWithin(timeoutMs: number): Promise<Exit | undefined>;
}

/** Children of spawnBounded still running, for killSpawned(). */
const running = new Set<ChildProcess>();

/** SIGKILLs (by PID) every child of spawnBounded still running: call in afterEach, so a failed test leaves none behind. */
export function killSpawned(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Spawns `argv` with exactly `env` (nothing of this process's environment leaks in) and kills it
 * by its PID with SIGKILL if it is still running after `killAfterMs`.
 */
export function spawnBounded(argv: readonly string[], options: { cwd: string; env: Record<string, string>; killAfterMs: number }): BoundedProcess {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const onData = () => listeners.forEach((listener) => listener());
  child.stdout!.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), onData()));
  child.stderr!.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), onData()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  let hasExited = false;
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      running.delete(child);
      hasExited = true;
      onData();
      resolve({ code, signal });
    }),
  );
  const describe = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  return {
    child,
    pid: child.pid!,
    output: () => ({ stdout, stderr }),
    exited,
    waitForOutput: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${timeoutMs} ms\n${describe()}`)), timeoutMs);
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) finish();
          else if (hasExited) finish(new Error(`exited before ${pattern}\n${describe()}`));
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        check();
      }),
    exitWithin: (timeoutMs) => {
      const cancel = new AbortController();
      const late = delay(timeoutMs, undefined, { signal: cancel.signal }).catch(() => undefined);
      return Promise.race([exited, late]).finally(() => cancel.abort());
    },
  };
}
