import { RequestValidationError } from '../errors/proxy-error.js';
import { jsonNestingDepth } from '../json/json-nesting-depth.js';
import type { RequestHeaders, ResponseSink } from './proxy-request.js';

import { utf8ByteLength } from './utf8-byte-length.js';

const utf8 = new TextDecoder('utf-8');

/** Deepest nesting of arrays/objects a request body may have (real requests stay far below). */
export const maxJsonDepth = 100;

/**
 * Parses a JSON request body; invalid JSON is a 400 that says where it broke, and nesting deeper
 * than `maxJsonDepth` is a 400 that names the limit (the translators walk bodies recursively).
 */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) throw new RequestValidationError('Request body is empty; expected a JSON object.');
  // Decoded once, for the depth scan and JSON.parse (the scan is faster on the string than on the bytes).
  const text = utf8.decode(body);
  const depth = jsonNestingDepth(text, maxJsonDepth);
  if (depth > maxJsonDepth) {
    throw new RequestValidationError(`Request body nests JSON arrays/objects deeper than the limit of ${maxJsonDepth} levels.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'parse error';
    throw new RequestValidationError(`Request body is not valid JSON: ${detail}`);
  }
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
