import { readdirSync, mkdtempSync, copyFileSync, symlinkSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ImageLayout {
  /** Like the image's WORKDIR /app: package.json, node_modules, dist/. */
  appDir: string;
  remove(): void;
}

/**
 * The runtime stage's /app on this machine: src/ (tests left out, as tsconfig.build.json does)
 * compiled file by file into dist/ with the same layout `npm run build` gives, the repository's
 * package.json, and its node_modules linked. esbuild rather than tsc only because it takes a
 * second instead of half a minute on a loaded 2-core machine; type checking is `tsc --noEmit`'s job.
 */
export async function buildImageLayout(): Promise<ImageLayout> {
  const appDir = mkdtempSync(join(tmpdir(), 'claude-proxy-image-'));
  const sourceRoot = join(repoRoot, 'src');
  const entryPoints = sourceFiles(sourceRoot);
  await build({ entryPoints, outdir: join(appDir, 'dist'), outbase: sourceRoot, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'silent' });
  copyFileSync(join(repoRoot, 'package.json'), join(appDir, 'package.json'));
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(appDir, 'node_modules'), 'dir');
  return { appDir, remove: () => rmSync(appDir, { recursive: true, force: true }) };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}
