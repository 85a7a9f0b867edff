import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildToolNameMap, toolNameFits, type ToolNameRule } from './tool-names.js';

const mcpName = 'mcp__claude_ai_Atlassian_Rovo__getConfluencePageFooterComments_with_long_suffix_abc';
const patterns: Record<ToolNameRule, RegExp> = {
  openai: /^[a-zA-Z0-9_-]{1,64}$/,
  gemini: /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/,
  anthropic: /^[a-zA-Z0-9_-]{1,128}$/,
};

describe('buildToolNameMap', () => {
  it('leaves names that fit exactly as they are (empty maps)', () => {
    const map = buildToolNameMap(['Bash', 'mcp__github__create_issue', 'x-y_z9'], 'openai');
    expect(map.toBackend.size).toBe(0);
    expect(map.toClient.size).toBe(0);
  });

  it('shortens a long MCP name to a readable prefix plus 8 hex digits, and maps it back', () => {
    expect(mcpName.length).toBeGreaterThan(64);
    const { toBackend, toClient } = buildToolNameMap([mcpName, 'Read'], 'openai');
    const short = toBackend.get(mcpName)!;
    expect(short).toMatch(new RegExp(`^${mcpName.slice(0, 55)}_[0-9a-f]{8}$`));
    expect(short.length).toBe(64);
    expect(toClient.get(short)).toBe(mcpName);
    expect(toBackend.has('Read')).toBe(false);
  });

  it('replaces dots and other characters; Gemini also gets a letter or _ first', () => {
    expect(buildToolNameMap(['files.read'], 'openai').toBackend.get('files.read')).toMatch(/^files_read_[0-9a-f]{8}$/);
    expect(buildToolNameMap(['files.read'], 'anthropic').toBackend.get('files.read')).toMatch(/^files_read_[0-9a-f]{8}$/);
    expect(buildToolNameMap(['1tool'], 'gemini').toBackend.get('1tool')).toMatch(/^_1tool_[0-9a-f]{8}$/);
    expect(buildToolNameMap(['1tool'], 'openai').toBackend.size).toBe(0);
    expect(toolNameFits('a'.repeat(100), 'anthropic')).toBe(true);
    expect(toolNameFits('a'.repeat(100), 'openai')).toBe(false);
  });

  it('is deterministic: the same names in any order give the same map', () => {
    const names = [mcpName, 'a.b', 'a_b', 'ok'];
    const first = buildToolNameMap(names, 'openai');
    const second = buildToolNameMap([...names].reverse(), 'openai');
    expect([...second.toBackend]).toEqual(expect.arrayContaining([...first.toBackend]));
    expect(second.toBackend.size).toBe(first.toBackend.size);
  });

  it('resolves a collision with a name kept as it is, deterministically', () => {
    const dotted = 'a.b';
    const taken = buildToolNameMap([dotted], 'openai').toBackend.get(dotted)!;
    const map = buildToolNameMap([taken, dotted], 'openai');
    expect(map.toBackend.has(taken)).toBe(false);
    const renamed = map.toBackend.get(dotted)!;
    expect(renamed).not.toBe(taken);
    expect(renamed).toMatch(/^a_b_[0-9a-f]{8}$/);
    expect(buildToolNameMap([dotted, taken], 'openai').toBackend.get(dotted)).toBe(renamed);
    expect(map.toClient.get(renamed)).toBe(dotted);
  });

  it('any set of names maps into the pattern, one to one, and back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 150 }), { maxLength: 6 }), fc.constantFrom<ToolNameRule>('openai', 'gemini', 'anthropic'), (names, rule) => {
        const { toBackend, toClient } = buildToolNameMap(names, rule);
        const sent = [...new Set(names)].map((name) => toBackend.get(name) ?? name);
        for (const name of sent) expect(name).toMatch(patterns[rule]);
        expect(new Set(sent).size).toBe(sent.length);
        for (const name of new Set(names)) expect(toClient.get(toBackend.get(name) ?? '') ?? name).toBe(name);
      }),
      { numRuns: 300 },
    );
  });
});
