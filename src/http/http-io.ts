import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTooLargeError, RequestValidationError } from '../errors/proxy-error.js';
import { jsonNestingDepth } from '../json/json-nesting-depth.js';

/** Reads the request body up to `limit` bytes; a larger body is a 413 that names the limit. */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): RequestTooLargeError {
  return new RequestTooLargeError(
    `Request body is larger than the limit of ${limit} bytes (set MAX_BODY_BYTES to change it).`,
  );
}

/** Deepest nesting of arrays/objects a request body may have (real requests stay far below). */
export const maxJsonDepth = 100;

/**
 * Parses a JSON request body; invalid JSON is a 400 that says where it broke, and nesting deeper
 * than `maxJsonDepth` is a 400 that names the limit (the translators walk bodies recursively).
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new RequestValidationError('Request body is empty; expected a JSON object.');
  // Decoded once, for the depth scan and JSON.parse (the scan is faster on the string than on the bytes).
  const text = body.toString('utf8');
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
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
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
export function clientApiKey(req: IncomingMessage): string | undefined {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return apiKey;
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    if (match) return match[1];
  }
  return undefined;
}
