/**
 * Every recorded fixture under test/fixtures/ is replayed by a test, except the listed
 * exclusions. A fixture counts as replayed when it is a member of a set in
 * test/support/fixture-sets.ts that a test uses, or when a test file names it in a string
 * literal (its path, or a tail of its path no other fixture shares; or a bare file name in
 * upstream/anthropic-messages/anthropic/, the folder the helpers of replay-anthropic-stream.ts
 * and test/e2e/openai-sdk.test.ts address by file name).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as fixtureSets from './support/fixture-sets.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const fixturesRoot = join(repoRoot, 'test/fixtures');
const thisFile = relative(repoRoot, fileURLToPath(import.meta.url));

/** Not replayed, each for a stated reason. Keys are path prefixes relative to test/fixtures/. */
const exclusions: Record<string, string> = {
  'clients/codex/NOTES.md': 'capture notes, not wire traffic',
  'clients/codex/config.toml.example': "Codex's provider configuration, for the Codex end-to-end test of issue 12",
  'upstream/SOURCES.md': 'provenance notes, not wire traffic',
  'clients/claude-code/NOTES.md': 'capture notes, not wire traffic',
};

/** Folders whose files tests name by bare file name. */
const bareNameFolders = ['upstream/anthropic-messages/anthropic/'];

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const fixtures = walk(fixturesRoot).map((path) => relative(fixturesRoot, path).split('\\').join('/')).sort();
const testFiles = [...walk(join(repoRoot, 'src')), ...walk(join(repoRoot, 'test'))]
  .map((path) => relative(repoRoot, path))
  .filter((path) => path.endsWith('.test.ts') && path !== thisFile && !path.startsWith('test/fixtures'));
const testSources = testFiles.map((file) => ({ file, text: readFileSync(join(repoRoot, file), 'utf8') }));

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings that name `fixture` unambiguously: path tails with a folder no other fixture shares. */
function namesOf(fixture: string): RegExp[] {
  const parts = fixture.split('/');
  const tails = parts.slice(0, -1).map((_, index) => parts.slice(index).join('/'));
  const unique = tails.filter((tail) => fixtures.filter((other) => other === tail || other.endsWith(`/${tail}`)).length === 1);
  const patterns = unique.map((tail) => new RegExp(`['"\`/]${escape(tail)}['"\`]`));
  if (bareNameFolders.some((folder) => fixture === folder + parts.at(-1))) patterns.push(new RegExp(`['"\`]${escape(parts.at(-1)!)}['"\`]`));
  return patterns;
}

/** Test files naming `fixture`. */
function testsNaming(fixture: string): string[] {
  const patterns = namesOf(fixture);
  return testSources.filter(({ text }) => patterns.some((pattern) => pattern.test(text))).map(({ file }) => file);
}

/** The sets of fixture-sets.ts and the test files that use each. */
const sets = Object.entries(fixtureSets).map(([name, list]) => ({
  name,
  members: (list() as Array<string | fixtureSets.ClaudeCodeCapture>).map((member) => (typeof member === 'string' ? member : member.fixture)),
  users: testSources.filter(({ text }) => text.includes('/support/fixture-sets.js') && new RegExp(`\\b${name}\\(`).test(text)).map(({ file }) => file),
}));

const excluded = (fixture: string): boolean => Object.keys(exclusions).some((prefix) => fixture.startsWith(prefix));

describe('every fixture under test/fixtures is replayed by a test', () => {
  it('finds the fixtures and the test files', () => {
    expect(fixtures.length).toBeGreaterThan(100);
    expect(testFiles.length).toBeGreaterThan(50);
  });

  it.each(sets.map((set) => [set.name, set] as const))('set %s has members and is used by a test', (_name, set) => {
    expect(set.members.length).toBeGreaterThan(0);
    expect(set.users).not.toEqual([]);
  });

  it('each exclusion still matches a fixture', () => {
    for (const prefix of Object.keys(exclusions)) expect(fixtures.some((fixture) => fixture.startsWith(prefix)), prefix).toBe(true);
  });

  it('no fixture outside the exclusions is left unreplayed', () => {
    const inSets = new Set(sets.flatMap((set) => set.members));
    const unreplayed = fixtures.filter((fixture) => !excluded(fixture) && !inSets.has(fixture) && testsNaming(fixture).length === 0);
    expect(unreplayed).toEqual([]);
  });
});
