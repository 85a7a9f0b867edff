/**
 * Tool names a backend cannot take, renamed deterministically and restored in the answer.
 *
 * OpenAI-compatible backends want function names matching `^[a-zA-Z0-9_-]{1,64}$` (Gemini also
 * wants a letter or `_` first); Anthropic takes `^[a-zA-Z0-9_-]{1,128}$`. Claude Code's MCP tools
 * (`mcp__server__tool`) often exceed 64 characters, and one such tool fails every request of
 * the session. A name that fits is left exactly as it is; one that does not becomes a readable
 * prefix (its characters outside the pattern replaced by `_`) plus `_` and 8 hex digits of an
 * FNV-1a hash of the whole original name. The proxy keeps no state: the map is rebuilt from
 * each request's names (tools, tool_choice, history) and the backend's answer is mapped back.
 */

import type { TranslationWarning } from './types.js';

/** Which backend's name pattern applies. */
export type ToolNameRule = 'openai' | 'gemini' | 'anthropic';

/** Renamed tools only: names that fit their backend are in neither map. */
export interface ToolNameMap {
  /** Original (client) name -> name sent to the backend. */
  toBackend: ReadonlyMap<string, string>;
  /** Name the backend uses -> original (client) name. */
  toClient: ReadonlyMap<string, string>;
}

const maxLength = { openai: 64, gemini: 64, anthropic: 128 } as const satisfies Record<ToolNameRule, number>;
const allowed = /^[a-zA-Z0-9_-]+$/;
const hashLength = 8;

/** True when `name` is acceptable to the backend as it is. */
export function toolNameFits(name: string, rule: ToolNameRule): boolean {
  if (name.length === 0 || name.length > maxLength[rule] || !allowed.test(name)) return false;
  return rule !== 'gemini' || /^[a-zA-Z_]/.test(name);
}

/** FNV-1a (32 bit) over UTF-16 code units, as 8 hex digits. Pure JS: translators import no `node:*`. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(hashLength, '0');
}

function shortened(name: string, rule: ToolNameRule, attempt: number): string {
  let prefix = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (rule === 'gemini' && !/^[a-zA-Z_]/.test(prefix)) prefix = `_${prefix}`;
  prefix = prefix.slice(0, maxLength[rule] - hashLength - 1);
  return `${prefix}_${fnv1a(attempt === 0 ? name : `${name}#${attempt}`)}`;
}

/**
 * The renaming for one request's tool names. Deterministic: the same names give the same map
 * in any order. A shortened name that collides with a name kept as it is, or with another
 * shortened one, is hashed again with a counter (names taken in sorted order).
 */
export function buildToolNameMap(names: Iterable<string>, rule: ToolNameRule): ToolNameMap {
  const toBackend = new Map<string, string>();
  const toClient = new Map<string, string>();
  const unique = [...new Set(names)];
  const misfits = unique.filter((name) => !toolNameFits(name, rule));
  if (misfits.length === 0) return { toBackend, toClient };
  const taken = new Set(unique.filter((name) => toolNameFits(name, rule)));
  for (const name of misfits.sort()) {
    let attempt = 0;
    let candidate = shortened(name, rule, attempt);
    while (taken.has(candidate)) candidate = shortened(name, rule, ++attempt);
    taken.add(candidate);
    toBackend.set(name, candidate);
    toClient.set(candidate, name);
  }
  return { toBackend, toClient };
}

/** `name` as found in `names`, or unchanged when it is not there (a name that fit, or an unknown one). */
export function renameTool(names: ReadonlyMap<string, string> | undefined, name: string): string {
  return names?.get(name) ?? name;
}

/** One warning per request that renamed tools, so the log shows which names the backend saw. */
export function warnAboutShortenedToolNames(names: ToolNameMap, warnings: TranslationWarning[]): void {
  if (names.toBackend.size === 0) return;
  const pairs = [...names.toBackend].map(([original, renamed]) => `${original} -> ${renamed}`).join(', ');
  warnings.push({ code: 'renamed_tool', message: `Tool names the backend cannot take were renamed (and are restored in the answer): ${pairs}.`, field: 'tools' });
}
