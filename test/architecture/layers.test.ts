/**
 * The layering rule of ARCHITECTURE.md, checked on the import graph of src/ (production files;
 * tests may reach anywhere): an import goes to the same layer or one below, folders form no
 * cycle, and only runtime/ and cli/ touch `node:*` or undici.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(import.meta.dirname, '../../src');

/** Bottom first. A folder may import folders of its own layer or of layers before it. */
const layers: readonly (readonly string[])[] = [
  ['errors', 'json'],
  ['protocols', 'sse', 'models'],
  ['translate', 'config'],
  ['routing', 'upstream', 'log'],
  ['http'],
  ['exchange'],
  ['frontends'],
  ['app'],
  ['runtime', 'cli'],
];

/**
 * Folders that do no I/O and read no environment: they run unchanged in any runtime. They may
 * use these packages only (no I/O in either).
 */
const pureFolders = new Set(['errors', 'json', 'protocols', 'sse', 'models', 'translate', 'config', 'routing']);
const purePackages = new Set(['eventsource-parser', 'gpt-tokenizer/encoding/o200k_base', 'valibot', 'yaml']);

/** Folders whose files may import `node:*` and undici: the runtimes and the command line. */
const platformFolders = new Set(['runtime', 'cli']);


interface SourceImport {
  file: string;
  folder: string;
  specifier: string;
  /** Top folder of the imported file for a relative import. */
  target: string | undefined;
  /** The imported file (src-relative, `.ts`) for a relative import. */
  targetFile: string | undefined;
  /** `import type` only: erased when compiled. */
  typeOnly: boolean;
}

function productionFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return productionFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function topFolder(path: string): string {
  return relative(srcRoot, path).split(/[\\/]/)[0] ?? '';
}

const sourceText = new Map<string, string>();

function srcRelative(path: string): string {
  return relative(srcRoot, path).split('\\').join('/');
}

function importsOf(path: string): SourceImport[] {
  const text = readFileSync(path, 'utf8');
  const file = srcRelative(path);
  sourceText.set(file, text);
  const typeOnly = new Set([...text.matchAll(/^import type [^;]*?from '([^']+)';/gm)].map((match) => match[1]));
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }) => {
    const target = specifier.startsWith('.') ? resolve(dirname(path), specifier) : undefined;
    return {
      file,
      folder: topFolder(path),
      specifier,
      target: target === undefined ? undefined : topFolder(target),
      targetFile: target === undefined ? undefined : srcRelative(target).replace(/\.js$/, '.ts'),
      typeOnly: typeOnly.has(specifier),
    };
  });
}

const allImports = productionFiles(srcRoot).flatMap(importsOf);
const layerOf = new Map(layers.flatMap((folders, rank) => folders.map((folder) => [folder, rank] as const)));

describe('the layers of src/', () => {
  it('has every top folder in a layer', () => {
    const folders = new Set(allImports.map((entry) => entry.folder));
    expect([...folders].filter((folder) => !layerOf.has(folder))).toEqual([]);
    expect(allImports.length).toBeGreaterThan(300); // the walk found the code
  });

  it('imports only the same layer or below', () => {
    const upward = allImports
      .filter((entry) => entry.target !== undefined && entry.target !== entry.folder)
      .filter((entry) => (layerOf.get(entry.target!) ?? -1) > (layerOf.get(entry.folder) ?? -1))
      .map((entry) => `${entry.file} -> ${entry.specifier}`);
    expect(upward).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const entry of allImports) {
      if (entry.target === undefined || entry.target === entry.folder) continue;
      let targets = edges.get(entry.folder);
      if (!targets) edges.set(entry.folder, (targets = new Set()));
      targets.add(entry.target);
    }
    const cycles: string[] = [];
    const visit = (folder: string, path: string[]): void => {
      for (const next of edges.get(folder) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else visit(next, [...path, next]);
      }
    };
    for (const folder of edges.keys()) visit(folder, [folder]);
    expect(cycles).toEqual([]);
  });

  it('has no runtime import cycle between files (type-only imports aside)', () => {
    const graph = new Map<string, string[]>();
    for (const entry of allImports) {
      if (entry.targetFile === undefined || entry.typeOnly) continue;
      graph.set(entry.file, [...(graph.get(entry.file) ?? []), entry.targetFile]);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the pure folders free of I/O: no package but the listed ones, no process, no fetch', () => {
    const impure = allImports
      .filter((entry) => pureFolders.has(entry.folder) && entry.target === undefined && !purePackages.has(entry.specifier))
      .map((entry) => `${entry.file} imports ${entry.specifier}`);
    for (const [file, text] of sourceText) {
      if (pureFolders.has(file.split('/')[0]!) && /\bprocess\.|\bfetch\(/.test(text)) impure.push(`${file} uses process or fetch`);
    }
    expect(impure).toEqual([]);
  });

  it('keeps node:* and undici in runtime/ and cli/', () => {
    const platform = new Map<string, Set<string>>();
    for (const entry of allImports) {
      if (platformFolders.has(entry.folder)) continue;
      if (!entry.specifier.startsWith('node:') && entry.specifier !== 'undici') continue;
      let specifiers = platform.get(entry.file);
      if (!specifiers) platform.set(entry.file, (specifiers = new Set()));
      specifiers.add(entry.specifier);
    }
    const found = Object.fromEntries([...platform].map(([file, specifiers]) => [file, [...specifiers].sort()]).sort());
    expect(found).toEqual({});
  });

  it("loads undici's own modules (not its index) in one file only, runtime/node/undici-parts.ts", () => {
    const loaders = [...sourceText].filter(([, text]) => text.includes("'undici/lib/")).map(([file]) => file);
    expect(loaders).toEqual(['runtime/node/undici-parts.ts']);
  });

  it('keeps runtime/workers on web APIs: no node:*, no undici, nothing of runtime/node, no process', () => {
    const workerFiles = allImports.filter((entry) => entry.file.startsWith('runtime/workers/'));
    expect(workerFiles.length).toBeGreaterThan(5); // the walk found the Worker runtime
    const found = workerFiles
      .filter((entry) => entry.specifier.startsWith('node:') || entry.specifier === 'undici' || entry.targetFile?.startsWith('runtime/node/'))
      .map((entry) => `${entry.file} imports ${entry.specifier}`);
    for (const [file, text] of sourceText) {
      if (file.startsWith('runtime/workers/') && /\bprocess\.|\bBuffer\b|\bsetImmediate\(/.test(text)) found.push(`${file} uses a Node global`);
    }
    expect(found).toEqual([]);
  });
});
