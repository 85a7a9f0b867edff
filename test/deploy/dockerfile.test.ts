/**
 * The Dockerfile and .dockerignore, read without a container engine: the stages, who the
 * process runs as, the healthcheck, the entrypoint's form, and that the build context holds
 * exactly what the Dockerfile copies. The entrypoint itself runs in image-entrypoint.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envOf, execFormOf, healthcheckOf, parseDockerfile, type DockerInstruction } from '../support/parse-dockerfile.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = parseDockerfile(readFileSync(`${repoRoot}Dockerfile`, 'utf8'));
const [buildStage, runtimeStage] = dockerfile.stages;
const runtime = runtimeStage?.instructions ?? [];
const only = (instructions: readonly DockerInstruction[], keyword: string) => {
  const found = instructions.filter((instruction) => instruction.keyword === keyword);
  expect(found, `exactly one ${keyword}`).toHaveLength(1);
  return found[0]!;
};
const texts = (instructions: readonly DockerInstruction[], keyword: string) => instructions.filter((i) => i.keyword === keyword).map((i) => i.text);

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage on the same official slim Node LTS image', () => {
    expect(dockerfile.stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    for (const stage of dockerfile.stages) expect(stage.image).toMatch(/^node:(22|24)-slim$/);
    expect(runtimeStage!.image).toBe(buildStage!.image);
  });

  it('builds with npm ci and npm run build, then prunes to the production dependencies', () => {
    const runs = texts(buildStage!.instructions, 'RUN').join('\n');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build\b/);
    expect(runs).toMatch(/npm prune --omit=dev --omit=optional\b/);
    // The runtime stage installs nothing: it only copies what the build stage made.
    expect(texts(runtime, 'RUN')).toEqual([]);
    expect(texts(runtime, 'COPY').map((text) => text.split(/\s+/))).toEqual([
      ['--from=build', '/app/package.json', './'],
      ['--from=build', '/app/node_modules', './node_modules'],
      ['--from=build', '/app/dist', './dist'],
    ]);
  });

  it('runs as a numeric non-root user, after every COPY', () => {
    const user = only(runtime, 'USER');
    const [uid, gid] = user.text.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    expect(gid === undefined || Number(gid) > 0).toBe(true);
    const lastCopy = runtime.filter((instruction) => instruction.keyword === 'COPY').at(-1)!;
    expect(user.line).toBeGreaterThan(lastCopy.line);
  });

  it('listens on 0.0.0.0 at the exposed port, and says that an access key is needed there', () => {
    const env = envOf(runtime);
    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '8082', NODE_ENV: 'production' });
    expect(only(runtime, 'EXPOSE').text).toBe(env.PORT);
    expect(readFileSync(`${repoRoot}Dockerfile`, 'utf8')).toMatch(/PROXY_API_KEY[\s\S]*ALLOW_OPEN_ACCESS=1/);
  });

  it('has a HEALTHCHECK on /health that uses node itself (no curl in slim images)', () => {
    const { options, command } = healthcheckOf(only(runtime, 'HEALTHCHECK').text);
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/health');
    expect(command.join(' ')).toContain('process.env.PORT');
    expect(Object.keys(options).sort()).toEqual(['interval', 'retries', 'start-period', 'timeout']);
  });

  it('starts node directly in exec form (PID 1 is node, so SIGTERM reaches its handler)', () => {
    const entrypoint = execFormOf(only(runtime, 'ENTRYPOINT').text);
    const command = execFormOf(only(runtime, 'CMD').text);
    expect([...entrypoint, ...command]).toEqual(['node', '--max-semi-space-size=16', 'dist/cli/main.js', 'serve']);
    expect(only(runtime, 'WORKDIR').text).toBe('/app');
  });
});

describe('the runtime stage\'s node_modules (production dependencies only)', () => {
  it('holds every package src/ imports at run time', () => {
    const { dependencies } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    for (const entry of readdirSync(`${repoRoot}src`, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
      const source = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      // Static and dynamic imports and re-exports; `import type` is erased by the build.
      for (const match of source.matchAll(/^\s*(?:import|export)(?!\s+type\b)[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
        const specifier = match[1] ?? match[2]!;
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((name) => !(name in dependencies))).toEqual([]);
  });

  it('loses nothing to `npm prune --omit=optional`: no production package is only optional', () => {
    const lock = JSON.parse(readFileSync(`${repoRoot}package-lock.json`, 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean }> };
    const onlyOptional = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.dev && entry.optional);
    expect(onlyOptional.map(([path]) => path)).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const rules = readFileSync(`${repoRoot}.dockerignore`, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

  it('excludes everything first, then admits exactly the build stage\'s COPY sources', () => {
    expect(rules[0]).toBe('*');
    const admitted = rules.filter((rule) => rule.startsWith('!')).map((rule) => rule.slice(1)).sort();
    const copied = texts(buildStage!.instructions, 'COPY').flatMap((text) => text.split(/\s+/).slice(0, -1)).sort();
    expect(admitted).toEqual(copied);
    for (const secret of ['.env', 'node_modules', 'dist', '.git']) expect(admitted).not.toContain(secret);
  });
});
