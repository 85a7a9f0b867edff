/**
 * Tool-call arguments are JSON text written by a model, and models (or truncated streams) leave it
 * broken. Only mechanical, meaning-preserving repairs are tried: closing what was left open, and
 * cutting trailing garbage after a complete object. Anything else is reported as unrepairable.
 */

import { closingQuoteIndex } from '../../json/closing-quote-index.js';
import { isRecord } from '../../json/is-record.js';

interface JsonScan {
  /** Closers still owed, innermost last (`}` or `]`). */
  openClosers: string[];
  inString: boolean;
  /** Index just past the first complete top-level value, if the text completed one. */
  endOfFirstValue: number | undefined;
}

function scanJson(text: string): JsonScan {
  const openClosers: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') {
      i = closingQuoteIndex(text, i);
      if (i === text.length) return { openClosers, inString: true, endOfFirstValue: undefined };
    } else if (char === '{') openClosers.push('}');
    else if (char === '[') openClosers.push(']');
    else if ((char === '}' || char === ']') && openClosers.pop() !== undefined && openClosers.length === 0) {
      return { openClosers, inString: false, endOfFirstValue: i + 1 };
    }
  }
  return { openClosers, inString: false, endOfFirstValue: undefined };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The text to append so that `text` (an unfinished JSON object) parses, or undefined when no
 * closing suffix can fix it. `''` when it already parses. Used at the end of a streamed tool call,
 * where what was already sent cannot be taken back but can still be completed.
 */
export function closingSuffixForJson(text: string): string | undefined {
  if (text.trim() === '' || tryParse(text).ok) return '';
  const scan = scanJson(text);
  if (scan.endOfFirstValue !== undefined || scan.openClosers.length === 0) return undefined;
  const closers = [...scan.openClosers].reverse().join('');
  const quote = scan.inString ? '"' : '';
  for (const candidate of [quote + closers, `${quote}null${closers}`]) {
    if (tryParse(text + candidate).ok) return candidate;
  }
  return undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** Parses and repairs tool-call arguments into an object; undefined when no repair works. */
export function parseToolArguments(text: string): { input: Record<string, unknown>; repaired: boolean } | undefined {
  if (text.trim() === '') return { input: {}, repaired: false };
  const direct = tryParse(text);
  if (direct.ok) {
    const object = asObject(direct.value);
    if (object !== undefined) return { input: object, repaired: false };
    // Double-encoded arguments ("{\"a\":1}" as a JSON string) are a known provider quirk.
    if (typeof direct.value === 'string') {
      const inner = parseToolArguments(direct.value);
      return inner === undefined ? undefined : { input: inner.input, repaired: true };
    }
    return undefined;
  }
  const scan = scanJson(text);
  if (scan.endOfFirstValue !== undefined) {
    const prefix = tryParse(text.slice(0, scan.endOfFirstValue));
    const object = prefix.ok ? asObject(prefix.value) : undefined;
    return object === undefined ? undefined : { input: object, repaired: true };
  }
  const suffix = closingSuffixForJson(text);
  if (suffix === undefined) return undefined;
  const closed = asObject(JSON.parse(text + suffix));
  return closed === undefined ? undefined : { input: closed, repaired: true };
}
