/**
 * Finds the objects stored under one key (`"usage": {...}`) in JSON or SSE bytes as they pass,
 * without decoding or keeping anything else: the bytes are searched with the native `indexOf`,
 * and only an object under the key is copied (up to `maxObjectBytes`; a larger one is dropped).
 * A key split between chunks is found too. What a passthrough reads of an answer it does not
 * parse (its token usage).
 *
 * A key is matched as `"key"` followed by `:` and `{`: inside a JSON string every quote is
 * escaped, so string content never matches. A key of the same name nested deeper (a tool's
 * input with a `usage` field) does; callers that care take the last object found.
 */
export interface KeyObjectScanner {
  push(chunk: Uint8Array): void;
}

type Phase = 'seek' | 'after-key' | 'after-colon' | 'object';

const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const quote = 0x22;
const backslash = 0x5c;

export function createKeyObjectScanner(key: string, onObject: (text: string) => void, maxObjectBytes = 8192): KeyObjectScanner {
  const needle = new TextEncoder().encode(JSON.stringify(key));
  const decoder = new TextDecoder();
  let phase: Phase = 'seek';
  /** The last bytes of the previous chunk while seeking: a key may begin there. */
  let tail: Uint8Array | undefined;
  let parts: Uint8Array[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  /** Index just past a needle that began in `tail` and ends in `chunk`, or -1. */
  const acrossBoundary = (chunk: Uint8Array): number => {
    if (tail === undefined) return -1;
    const joined = new Uint8Array(tail.length + Math.min(chunk.length, needle.length - 1));
    joined.set(tail);
    joined.set(chunk.subarray(0, joined.length - tail.length), tail.length);
    const at = indexOfBytes(joined, needle, 0);
    return at >= 0 && at < tail.length ? at + needle.length - tail.length : -1;
  };

  const seek = (chunk: Uint8Array, from: number): number => {
    const boundary = from === 0 ? acrossBoundary(chunk) : -1;
    tail = undefined;
    if (boundary >= 0) {
      phase = 'after-key';
      return boundary;
    }
    const at = indexOfBytes(chunk, needle, from);
    if (at >= 0) {
      phase = 'after-key';
      return at + needle.length;
    }
    const keep = Math.max(from, chunk.length - (needle.length - 1));
    tail = chunk.slice(keep);
    return chunk.length;
  };

  /** Whitespace, then `expected`: moves on to `next` (past a `:`, onto a `{`), or back to seeking on anything else. */
  const expect = (chunk: Uint8Array, from: number, expected: number, next: Phase): number => {
    let index = from;
    while (index < chunk.length && isWhitespace(chunk[index]!)) index++;
    if (index === chunk.length) return index;
    if (chunk[index] !== expected) {
      phase = 'seek';
      return index;
    }
    phase = next;
    if (next !== 'object') return index + 1;
    // The object's own `{` is read by readObject.
    parts = [];
    size = 0;
    depth = 0;
    inString = false;
    escaped = false;
    return index;
  };

  const readObject = (chunk: Uint8Array, from: number): number => {
    let index = from;
    for (; index < chunk.length; index++) {
      const byte = chunk[index]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === backslash) escaped = true;
        else if (byte === quote) inString = false;
      } else if (byte === quote) inString = true;
      else if (byte === openBrace) depth++;
      else if (byte === closeBrace && --depth === 0) break;
    }
    const end = Math.min(index + 1, chunk.length);
    size += end - from;
    if (size > maxObjectBytes) {
      phase = 'seek';
      parts = [];
      return end;
    }
    parts.push(chunk.slice(from, end));
    if (index === chunk.length) return end;
    phase = 'seek';
    const text = parts.map((part) => decoder.decode(part, { stream: true })).join('') + decoder.decode();
    parts = [];
    onObject(text);
    return end;
  };

  return {
    push(chunk) {
      let index = 0;
      while (index < chunk.length) {
        switch (phase) {
          case 'seek':
            index = seek(chunk, index);
            break;
          case 'after-key':
            index = expect(chunk, index, colon, 'after-colon');
            break;
          case 'after-colon':
            index = expect(chunk, index, openBrace, 'object');
            break;
          case 'object':
            index = readObject(chunk, index);
            break;
        }
      }
    },
  };
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Index of `needle` in `bytes` from `from`, or -1: the native `indexOf` finds each candidate's first byte. */
function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = bytes.length - needle.length;
  for (let at = bytes.indexOf(first, from); at >= 0 && at <= last; at = bytes.indexOf(first, at + 1)) {
    let matched = 1;
    while (matched < needle.length && bytes[at + matched] === needle[matched]) matched++;
    if (matched === needle.length) return at;
  }
  return -1;
}
