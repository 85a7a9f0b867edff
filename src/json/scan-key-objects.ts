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
import { closingQuoteIndex } from './closing-quote-index.js';

export interface KeyObjectScanner {
  push(chunk: Uint8Array): void;
}

type Phase = 'seek' | 'after-key' | 'after-colon' | 'object';

const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const quoteCode = 0x22;

export function createKeyObjectScanner(key: string, onObject: (text: string) => void, maxObjectBytes = 8192): KeyObjectScanner {
  const needle = new TextEncoder().encode(JSON.stringify(key));
  const decoder = new TextDecoder();
  let phase: Phase = 'seek';
  /** The last bytes of the previous chunk while seeking: a key may begin there. */
  let tail: Uint8Array | undefined;
  /** The object under the key so far: its bytes, and the same as one character per byte for the scan. */
  let parts: Uint8Array[] = [];
  let object = '';
  let scanFrom = 0;
  let depth = 0;

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
    const previous = from === 0 ? tail : undefined;
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
    tail = lastBytes(previous, chunk.subarray(from), needle.length - 1);
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
    object = '';
    scanFrom = 0;
    depth = 0;
    return index;
  };

  /** Where the object's closing brace is in `object`, or -1 while it is not complete. */
  const objectEnd = (): number => {
    for (let index = scanFrom; index < object.length; index++) {
      const code = object.charCodeAt(index);
      if (code === quoteCode) {
        const close = closingQuoteIndex(object, index);
        if (close === object.length) {
          scanFrom = index;
          return -1;
        }
        index = close;
      } else if (code === openBrace) depth++;
      else if (code === closeBrace && --depth === 0) return index;
    }
    scanFrom = object.length;
    return -1;
  };

  const readObject = (chunk: Uint8Array, from: number): number => {
    const before = object.length;
    const take = Math.min(chunk.length - from, maxObjectBytes - before);
    // One character per byte, so that indexes in `object` are byte offsets (the scan reads only ASCII).
    object += String.fromCharCode(...chunk.subarray(from, from + take));
    const end = objectEnd();
    if (end < 0) {
      parts.push(chunk.slice(from, from + take));
      // Larger than any usage: not what we look for.
      if (object.length >= maxObjectBytes) startSeeking();
      return from + take;
    }
    const used = end + 1 - before;
    parts.push(chunk.subarray(from, from + used));
    const text = parts.map((part) => decoder.decode(part, { stream: true })).join('') + decoder.decode();
    startSeeking();
    onObject(text);
    return from + used;
  };

  const startSeeking = () => {
    phase = 'seek';
    parts = [];
    object = '';
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

/** The last `count` bytes of `earlier` followed by `later` (chunks may be shorter than the key). */
function lastBytes(earlier: Uint8Array | undefined, later: Uint8Array, count: number): Uint8Array {
  if (earlier === undefined || later.length >= count) return later.slice(Math.max(0, later.length - count));
  const joined = new Uint8Array(earlier.length + later.length);
  joined.set(earlier);
  joined.set(later, earlier.length);
  return joined.slice(Math.max(0, joined.length - count));
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
