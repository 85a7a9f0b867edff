import { decodeJsonString } from '../../json/decode-json-string.js';
import { closingQuoteIndex } from '../../json/closing-quote-index.js';

/**
 * The hot path of a Chat stream: most chunks carry a few characters of text and nothing else.
 * `JSON.parse` builds five objects for each (a third of the proxy's CPU per chunk); a reader
 * recognizes such a chunk in compact JSON and returns its text, so the translator gets the one
 * field it would have read. Anything else (whitespace, escapes outside the text, a field the
 * translator reads with a value other than null, a second choice, invalid JSON) is undefined,
 * and the caller parses the whole chunk as before.
 *
 * What counts as "nothing else" follows the stream translator: at the top it reads `choices`,
 * `usage` and `error`; in a choice `index`, `delta`, `message`, `finish_reason` and
 * `stop_reason`; in a delta the text, reasoning, refusal, tool-call and annotation fields. Each
 * of those treats null as absent, so null is all they may hold here. Other fields (`id`,
 * `model`, `logprobs`, `role`, ...) are never read: whatever scalar they hold is fine.
 *
 * A stream repeats one shape with only the text changing, so the reader keeps the last plain
 * chunk's text around its text (up to the opening quote, from the closing quote): a chunk that
 * starts and ends the same way, with a text free of quotes, backslashes and control characters
 * between, is that shape again (the same valid JSON with another valid string in one place).
 * Other chunks are scanned.
 */
export class PlainContentChunkReader {
  #prefix = '';
  #suffix = '';

  /** The text of a plain text chunk; undefined for any other payload. */
  contentOf(data: string): string | undefined {
    const prefix = this.#prefix;
    const suffix = this.#suffix;
    // Compared as slices: V8's startsWith walks a long prefix character by character, while
    // string equality compares memory (a third of the per-chunk cost of a stream, measured).
    if (prefix !== '' && data.length >= prefix.length + suffix.length && data.slice(0, prefix.length) === prefix && data.slice(data.length - suffix.length) === suffix) {
      const text = data.slice(prefix.length, data.length - suffix.length);
      if (!specialCharacter.test(text)) return text;
    }
    if (data.charCodeAt(0) !== openBrace || controlCharacter.test(data)) return undefined;
    const found: Found = { content: undefined, contentAt: 0, contentEnd: 0, choices: 0, deltas: 0 };
    if (scanObject(data, 0, topMember, found) !== data.length || found.content === undefined) return undefined;
    this.#prefix = data.slice(0, found.contentAt + 1);
    this.#suffix = data.slice(found.contentEnd);
    return found.content;
  }
}

interface Found {
  content: string | undefined;
  /** Where the text's opening and closing quotes are. */
  contentAt: number;
  contentEnd: number;
  choices: number;
  deltas: number;
}

/** Reads the value of `key` starting at `at`; its end, or -1 when the chunk is not plain text. */
type MemberScanner = (text: string, key: string, at: number, found: Found) => number;

const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const quote = 0x22;
const comma = 0x2c;
const colon = 0x3a;
// JSON strings cannot hold raw control characters, and compact JSON has no whitespace between
// tokens: a payload with any is left to JSON.parse (which rejects or accepts it).
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f]/;
// eslint-disable-next-line no-control-regex
const specialCharacter = /["\\\u0000-\u001f]/;
const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function topMember(text: string, key: string, at: number, found: Found): number {
  switch (key) {
    case 'choices':
      return found.choices++ === 0 ? singleChoiceEnd(text, at, found) : -1;
    case 'usage':
    case 'error':
      return nullEnd(text, at);
    default:
      return scalarEnd(text, at);
  }
}

function choiceMember(text: string, key: string, at: number, found: Found): number {
  switch (key) {
    case 'index':
      return text.charCodeAt(at) === 0x30 ? at + 1 : -1;
    case 'delta':
      return found.deltas++ === 0 ? scanObject(text, at, deltaMember, found) : -1;
    case 'message':
    case 'finish_reason':
    case 'stop_reason':
      return nullEnd(text, at);
    default:
      return scalarEnd(text, at);
  }
}

function deltaMember(text: string, key: string, at: number, found: Found): number {
  switch (key) {
    case 'content':
      return found.content === undefined ? contentEnd(text, at, found) : -1;
    case 'role':
      return scalarEnd(text, at);
    default:
      return nullEnd(text, at);
  }
}

/** `[` one object `]`: the only choice. */
function singleChoiceEnd(text: string, at: number, found: Found): number {
  if (text.charCodeAt(at) !== openBracket) return -1;
  const end = scanObject(text, at + 1, choiceMember, found);
  return end !== -1 && text.charCodeAt(end) === closeBracket ? end + 1 : -1;
}

/** An object whose keys carry no escapes, each value read by `member`; its end, or -1. */
function scanObject(text: string, at: number, member: MemberScanner, found: Found): number {
  if (text.charCodeAt(at) !== openBrace) return -1;
  let index = at + 1;
  if (text.charCodeAt(index) === closeBrace) return index + 1;
  for (;;) {
    if (text.charCodeAt(index) !== quote) return -1;
    const close = text.indexOf('"', index + 1);
    if (close === -1 || text.charCodeAt(close + 1) !== colon) return -1;
    const key = text.slice(index + 1, close);
    if (key.includes('\\')) return -1;
    index = member(text, key, close + 2, found);
    if (index === -1) return -1;
    const next = text.charCodeAt(index);
    if (next === closeBrace) return index + 1;
    if (next !== comma) return -1;
    index++;
  }
}

function nullEnd(text: string, at: number): number {
  return text.startsWith('null', at) ? at + 4 : -1;
}

/** A string without escapes, a number, true, false or null. */
function scalarEnd(text: string, at: number): number {
  if (text.charCodeAt(at) === quote) {
    const close = text.indexOf('"', at + 1);
    if (close === -1) return -1;
    const backslash = text.indexOf('\\', at + 1);
    return backslash !== -1 && backslash < close ? -1 : close + 1;
  }
  if (text.startsWith('null', at) || text.startsWith('true', at)) return at + 4;
  if (text.startsWith('false', at)) return at + 5;
  number.lastIndex = at;
  return number.test(text) ? number.lastIndex : -1;
}

/** The text: taken as it is, or decoded by JSON.parse when it has escapes. */
function contentEnd(text: string, at: number, found: Found): number {
  if (text.charCodeAt(at) !== quote) return -1;
  const close = closingQuoteIndex(text, at);
  if (close === text.length) return -1;
  const raw = text.slice(at + 1, close);
  found.content = raw.includes('\\') ? decodeJsonString(text.slice(at, close + 1)) : raw;
  found.contentAt = at;
  found.contentEnd = close;
  return found.content === undefined ? -1 : close + 1;
}
