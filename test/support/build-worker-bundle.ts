import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface WorkerBundle {
  /** The bundled module wrangler would upload. */
  scriptPath: string;
  text: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Builds the Worker exactly as `npm run build:worker` does (wrangler's own bundler, from
 * wrangler.toml), into a scratch folder, on the Node that runs the tests. Offline: a dry run
 * needs no account, and metrics are off.
 */
export async function buildWorkerBundle(timeoutMs = 90_000): Promise<WorkerBundle> {
  const outdir = mkdtempSync(join(tmpdir(), 'claude-proxy-worker-'));
  const wrangler = join(repoRoot, 'node_modules/wrangler/bin/wrangler.js');
  await new Promise<void>((done, fail) => {
    execFile(
      process.execPath,
      [wrangler, 'deploy', '--dry-run', '--outdir', outdir],
      { cwd: repoRoot, timeout: timeoutMs, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(outdir, 'logs'), CI: '1', NO_COLOR: '1' } },
      (error, stdout, stderr) => (error ? fail(new Error(`wrangler build failed: ${error.message}\n${stdout}\n${stderr}`)) : done()),
    );
  });
  const scriptPath = join(outdir, 'worker.js');
  const contents = readFileSync(scriptPath);
  return { scriptPath, text: contents.toString('utf8'), bytes: contents.byteLength, gzipBytes: gzipSync(contents).byteLength };
}

/**
 * The names of esbuild's lazy module wrappers (`var init_x = __esm({ "path"() {...} })`) whose
 * module path matches `pathPattern`, and every place the bundle calls one of them from outside
 * those modules: what runs the tokenizer's code, and from where.
 */
export function lazyModuleCallsOutside(bundle: string, pathPattern: RegExp): { wrappers: string[]; outsideCalls: string[] } {
  // Sections start with esbuild's `// path` comment lines.
  const sections = bundle.split(/\n(?=\/\/ (?:node_modules|src)\/\S+\n)/);
  const wrappers = new Set<string>();
  for (const section of sections) {
    for (const match of section.matchAll(/var (init_\w+) = __esm\(\{\s*"([^"]+)"/g)) {
      if (pathPattern.test(match[2]!)) wrappers.add(match[1]!);
    }
  }
  const outsideCalls: string[] = [];
  for (const section of sections) {
    const path = /^\/\/ (\S+)/.exec(section)?.[1] ?? '(bundle head)';
    if (pathPattern.test(path)) continue;
    for (const match of section.matchAll(/[^\n]{0,80}\b(init_\w+)\(\)[^\n]{0,40}/g)) {
      if (wrappers.has(match[1]!)) outsideCalls.push(`${path}: ${match[0].trim()}`);
    }
  }
  return { wrappers: [...wrappers], outsideCalls };
}
