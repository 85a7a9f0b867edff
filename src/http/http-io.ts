import { RequestValidationError } from '../errors/proxy-error.js';
import type { RequestHeaders, ResponseSink } from './proxy-request.js';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Deepest nesting of arrays/objects a request body may have (real requests stay far below). */
export const maxJsonDepth = 100;

/**
 * Parses a JSON request body; invalid JSON is a 400 that says where it broke, and nesting deeper
 * than `maxJsonDepth` is a 400 that names the limit (the translators walk bodies recursively).
 */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) throw new RequestValidationError('Request body is empty; expected a JSON object.');
  const depth = jsonNestingDepth(body, maxJsonDepth);
  if (depth > maxJsonDepth) {
    throw new RequestValidationError(`Request body nests JSON arrays/objects deeper than the limit of ${maxJsonDepth} levels.`);
  }
  try {
    return JSON.parse(utf8.decode(body));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'parse error';
    throw new RequestValidationError(`Request body is not valid JSON: ${detail}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Deepest bracket nesting outside strings, scanning the raw bytes (UTF-8 never has these ASCII
 * bytes inside a multi-byte sequence); stops early once past `stopAbove`. Malformed JSON
 * gives some number and is then rejected by JSON.parse.
 */
export function jsonNestingDepth(bytes: Uint8Array, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      index = closingQuoteIndex(bytes, index);
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Index of the quote that closes the string opened at `open` (or the end of input). Jumps with
 * the native `indexOf`, so long strings (base64 images, prompts) cost almost nothing to skip.
 */
function closingQuoteIndex(bytes: Uint8Array, open: number): number {
  let quote = bytes.indexOf(QUOTE, open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = bytes.indexOf(QUOTE, quote + 1);
  }
  return bytes.length;
}

export function writeJson(
  res: ResponseSink,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = encoder.encode(JSON.stringify(value));
  res.start(status, {
    'content-type': 'application/json',
    'content-length': body.byteLength,
    ...headers,
  });
  res.end(body);
}

/** Headers that start an SSE response; no buffering by intermediaries. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** The client's key from `x-api-key` or `Authorization: Bearer`. */
export function clientApiKey(headers: RequestHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return apiKey;
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    if (match) return match[1];
  }
  return undefined;
}
