import { RequestValidationError } from '../errors/proxy-error.js';
import { jsonNestingDepth } from '../json/json-nesting-depth.js';
import { jsonValueDepthExceeds } from '../json/json-value-depth.js';
import type { RequestHeaders, ResponseSink } from './proxy-request.js';

import { utf8ByteLength } from './utf8-byte-length.js';

const utf8 = new TextDecoder('utf-8');

/** Deepest nesting of arrays/objects a request body may have (real requests stay far below). */
export const maxJsonDepth = 100;

/**
 * Above this size the text's nesting is scanned before JSON.parse: a deep bomb (`[[[[…]]]]`) is
 * then refused after 101 characters, where parsing it would take seconds of CPU at the size limit
 * (JSON.parse builds deep arrays several times slower per byte than flat ones). Below it the
 * parsed value is checked instead, which skips the strings that make up most of a request: for
 * Claude Code's 25 KB requests about 4 µs against 22 µs for the scan (issue 13). A deep body
 * under this size costs at most a few tens of milliseconds to parse before it is refused.
 */
const scanTextAbove = 256 * 1024;

/**
 * Parses a JSON request body; invalid JSON is a 400 that says where it broke, and nesting deeper
 * than `maxJsonDepth` is a 400 that names the limit (the translators walk bodies recursively).
 */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) throw new RequestValidationError('Request body is empty; expected a JSON object.');
  const text = utf8.decode(body);
  const scanned = text.length > scanTextAbove;
  if (scanned && jsonNestingDepth(text, maxJsonDepth) > maxJsonDepth) throw tooDeep();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'parse error';
    throw new RequestValidationError(`Request body is not valid JSON: ${detail}`);
  }
  if (!scanned && jsonValueDepthExceeds(value, maxJsonDepth)) throw tooDeep();
  return value;
}

function tooDeep(): RequestValidationError {
  return new RequestValidationError(`Request body nests JSON arrays/objects deeper than the limit of ${maxJsonDepth} levels.`);
}

export function writeJson(
  res: ResponseSink,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  // Written as the string: the runtime encodes it once on its way out (no TextEncoder copy here).
  const body = JSON.stringify(value);
  res.start(status, {
    'content-type': 'application/json',
    'content-length': utf8ByteLength(body),
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
