/**
 * Issue 9: helpers that used to exist several times in src/ exist once. Each check looks for the
 * code shape of a copy in the production files, so a new copy fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(import.meta.dirname, '../../src');

function productionFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return productionFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const sources = productionFiles(srcRoot).map((path) => ({
  file: relative(srcRoot, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

/** The src/ files whose text matches `pattern`, with how often. */
function filesMatching(pattern: RegExp): string[] {
  return sources.flatMap(({ file, text }) => {
    const count = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length;
    return count === 0 ? [] : [`${file} x${count}`];
  });
}

describe('helpers that exist once (issue 9)', () => {
  it('has one guard for a plain JSON object (isRecord)', () => {
    expect(filesMatching(/typeof (\w+) === 'object' && \1 !== null && !Array\.isArray\(\1\)/)).toEqual(['json/is-record.ts x1']);
  });

  it('skips JSON strings in one place (closingQuoteIndex); the prefix scanner validates them instead', () => {
    // A JSON scan that handles backslash escapes itself compares a character with a backslash.
    expect(filesMatching(/0x5c|=== '\\\\'/)).toEqual([
      'json/closing-quote-index.ts x1',
      // Streamed tool arguments are validated character by character across fragments (escapes,
      // \u digits, control characters), which a skip to the next quote cannot do.
      'translate/anthropic-on-openai-chat/json-prefix-scanner.ts x1',
    ]);
  });

  it('lists the model tiers, their words and their Claude model ids in one table', () => {
    const tierList = /'(haiku|sonnet|opus|fable)'(, | \| )'(haiku|sonnet|opus|fable)'/;
    const tierWordKey = /\b(haiku|sonnet|opus|fable|mythos): '/;
    const claudeTierId = /'claude-(haiku|sonnet|opus|fable|mythos)-\d/;
    const files = [tierList, tierWordKey, claudeTierId].flatMap((pattern) => filesMatching(pattern).map((row) => row.split(' ')[0]));
    expect([...new Set(files)]).toEqual(['config/model-tiers.ts']);
  });

  it('lists the command-line options in one table (parsing, help and the `code` split derive from it)', () => {
    // An option definition (`short: 'p'`) or a list of option flags (`'-p', '--port'`).
    expect(filesMatching(/\bshort: '|'-{1,2}[a-zA-Z-]+', '-/).map((row) => row.split(' ')[0])).toEqual(['cli/proxy-options.ts']);
  });
});
