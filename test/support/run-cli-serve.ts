/**
 * `claude-proxy serve --port 0` from the TypeScript sources (tsx), as a child process with
 * stdout a pipe: resolves once it prints its URL, hands it to `whileServing`, then sends
 * SIGTERM and waits for the exit. SIGKILL after 20 s whatever happens.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface ServeRun<T> {
  /** Everything the process wrote to stdout. */
  output: string;
  exitCode: number | null;
  /** What `whileServing` returned. */
  result: T;
}

export async function runCliServe<T>(options: { cwd: string; env: Record<string, string> }, whileServing: (url: string, pid: number) => Promise<T>): Promise<ServeRun<T>> {
  const child = spawn(process.execPath, ['--import', tsxLoader, mainPath, 'serve', '--port', '0'], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (match) resolve(match[0]);
      });
      void exited.then(() => reject(new Error(`the CLI exited early: ${output}`)));
    });
    const result = await whileServing(url, child.pid!);
    child.kill('SIGTERM');
    const exitCode = await exited;
    return { output, exitCode, result };
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
