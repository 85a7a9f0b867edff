/**
 * The layering ARCHITECTURE.md describes, checked on the import statements of src/ (tests
 * excluded): the pure folders do no I/O, and every import points to the same or a lower layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcRoot = fileURLToPath(new URL('../src/', import.meta.url));

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const sources = walk(srcRoot)
  .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
  .map((path) => ({ file: relative(srcRoot, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));

/** Specifiers of static and dynamic imports; `import type` statements (erased when compiled) too unless `runtimeOnly`. */
function importsOf(text: string, runtimeOnly = false): string[] {
  const withoutTypeImports = runtimeOnly ? text.replace(/^import type [^;]*;/gm, '') : text;
  return [...withoutTypeImports.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'([^']+)'/gm)].map((match) => match[1]!);
}

/** src-relative paths of the files `file` imports from src/. */
function localImportsOf(file: string, text: string, runtimeOnly = false): string[] {
  return importsOf(text, runtimeOnly)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(srcRoot, resolve(srcRoot, dirname(file), specifier)).split('\\').join('/').replace(/\.js$/, '.ts'));
}

/** The dispatcher sits above the frontends; the rest of app/ is plumbing below them. */
const unitOf = (file: string): string => (file === 'app/create-request-handler.ts' ? 'app/create-request-handler.ts' : file.split('/')[0]!);

/** Lowest first; a file may import from its own layer or a lower one. */
const layers: string[][] = [
  ['errors', 'models'],
  ['sse', 'config'],
  ['protocols', 'routing'],
  ['translate'],
  ['backends', 'log'],
  ['app'],
  ['frontends'],
  ['app/create-request-handler.ts'],
  ['runtime'],
  ['cli'],
];
const layerOf = (unit: string): number => layers.findIndex((layer) => layer.includes(unit));

const pureFolders = ['errors', 'models', 'sse', 'config', 'protocols', 'routing', 'translate'];
/** Packages the pure folders may use (no I/O in either). */
const purePackages = ['eventsource-parser', 'gpt-tokenizer/encoding/o200k_base'];

describe('source layering', () => {
  it('finds the sources, and every folder is in a layer', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.map(({ file }) => file).filter((file) => layerOf(unitOf(file)) < 0)).toEqual([]);
  });

  it('every import points to the same or a lower layer', () => {
    const upward = sources.flatMap(({ file, text }) =>
      localImportsOf(file, text)
        .filter((target) => layerOf(unitOf(target)) > layerOf(unitOf(file)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('no runtime import cycle between files (type-only imports aside)', () => {
    const graph = new Map(sources.map(({ file, text }) => [file, localImportsOf(file, text, true)]));
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

  it('the pure folders import no node:* module, no I/O package and touch no process or fetch', () => {
    const impure = sources
      .filter(({ file }) => pureFolders.includes(file.split('/')[0]!))
      .flatMap(({ file, text }) => [
        ...importsOf(text).filter((specifier) => !specifier.startsWith('.') && !purePackages.includes(specifier)).map((specifier) => `${file} imports ${specifier}`),
        ...(/\bprocess\.|\bfetch\(/.test(text) ? [`${file} uses process or fetch`] : []),
      ]);
    expect(impure).toEqual([]);
  });
});
