/**
 * The upstream side of every exchange, runtime-neutral: what one HTTP call to a backend is
 * (`UpstreamRequest`), what comes back (`UpstreamResponse`, a body with the small stream surface
 * the relays use) and the client that makes calls (`UpstreamClient`). The Node runtime implements
 * the client over undici's `request` (runtime/node/undici-upstream-client.ts); a Worker over `fetch`.
 */
import { ProxyError } from '../errors/proxy-error.js';
import type { AbortEmitter } from './abort-emitter.js';
import { concatenateBytes } from './concatenate-bytes.js';
import { sendWithinTotalTime } from './total-deadline.js';

export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortEmitter;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Time to open the connection (TCP + TLS); absent = the runtime's default. */
  connectTimeoutMs?: number;
  /** The whole call, headers to last byte; absent = no limit. Enforced by `sendUpstreamRequest`. */
  totalTimeoutMs?: number;
  /** Human label of the backend for error messages (`default (https://api.openai.com/v1)`). */
  label: string;
  /** Which addresses the call may connect to; absent = any (configured backends). */
  addressPolicy?: AddressPolicy;
}

/**
 * `public-only`: every address the host resolves to (or the literal address) must be public,
 * checked when connecting (not just the name: DNS may point anywhere); loopback, private,
 * link-local, metadata and other special addresses are refused with a ProxyError (403). Used by
 * URL routing, where a client picks the host. Each runtime implements it in its client.
 */
export type AddressPolicy = 'any' | 'public-only';

/**
 * A response body as it arrives: chunks, then `end` or `error`; `pause`/`resume` for
 * backpressure, `destroy` to let go of the call. Node's Readable has exactly this surface.
 */
export interface UpstreamBody extends AsyncIterable<Uint8Array> {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(): unknown;
  readonly destroyed: boolean;
  readonly readableEnded: boolean;
}

export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
  /** A failure of this call (a body error, a timeout mid-body) as a ProxyError naming the backend. */
  failure(error: unknown): ProxyError;
  /**
   * For whoever relays the body as a stream: called before its first chunk is handled (the
   * request's time to first token). Set by the timed client on event streams; a hook rather than
   * a wrapper around the body, which cost about 1,900 instructions per chunk (issue 13).
   */
  onFirstChunk?: () => void;
}

export interface UpstreamClient {
  /**
   * One call. Connection failures and timeouts reject with ProxyErrors that name the backend;
   * HTTP error statuses resolve as they are, for the caller's protocol-specific mapping.
   */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
}

/** Sends `request` with `client`, remembering its credentials so that text read back never echoes them. */
export function sendUpstreamRequest(client: UpstreamClient, request: UpstreamRequest): Promise<UpstreamResponse> {
  let sending: Promise<UpstreamResponse>;
  try {
    sending = request.totalTimeoutMs === undefined ? client.send(request) : sendWithinTotalTime(client, request, request.totalTimeoutMs);
  } catch (error) {
    return Promise.reject(error);
  }
  // A `then`, not an async function: one promise per call instead of two (issue 13).
  return sending.then((response) => {
    sentSecrets.set(response, secretsIn(request.headers));
    return response;
  });
}

/** The credentials each response's request carried, so text read back can never echo them. */
const sentSecrets = new WeakMap<UpstreamResponse, string[]>();

function secretsIn(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    const lower = name.toLowerCase();
    const value = headers[name]!;
    const secret = lower === 'authorization' ? value.replace(/^Bearer\s+/i, '') : lower === 'x-api-key' || lower === 'api-key' ? value : '';
    if (secret.length >= 4) secrets.push(secret);
  }
  return secrets;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Reads a whole (error or non-streaming) body as text, refusing to hold more than `limit` bytes.
 * A credential the request carried is cut out (a backend's 401 may echo the key it got).
 */
export function readUpstreamText(response: UpstreamResponse, limit: number, label: string): Promise<string> {
  return readUpstreamTextAs(response, limit, label, (text) => text);
}

/**
 * The same text, handed to `finish` as the body ends; the promise settles with its result (or
 * its throw). One promise per answer, however many steps turn the text into what the caller
 * needs (issue 13: each async layer is a promise and a microtask more per request).
 */
export function readUpstreamTextAs<T>(response: UpstreamResponse, limit: number, label: string, finish: (text: string) => T): Promise<T> {
  return readWhole(response, limit, label, (text) => finish(redactSent(response, text)));
}

function redactSent(response: UpstreamResponse, text: string): string {
  let redacted = text;
  for (const secret of sentSecrets.get(response) ?? []) {
    if (redacted.includes(secret)) redacted = redacted.split(secret).join('[REDACTED]');
  }
  return redacted;
}

/**
 * The body's chunks decoded into one string, by listeners rather than `for await` (a stream's
 * async iterator costs several microseconds per body on Node, and every JSON answer is one).
 * Decoded once at the end: a decoder shared by concurrent reads must not keep state between them.
 */
function readWhole<T>(response: UpstreamResponse, limit: number, label: string, finish: (text: string) => T): Promise<T> {
  const body = response.body;
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(response.failure(error));
    };
    body.on('data', (chunk) => {
      if (settled) return;
      size += chunk.byteLength;
      if (size > limit) {
        fail(new ProxyError('api_error', `Backend ${label} sent a response over ${limit} bytes.`, { status: 502 }));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => {
      if (settled) return;
      settled = true;
      try {
        resolve(finish(utf8.decode(concatenateBytes(chunks, size))));
      } catch (error) {
        reject(error);
      }
    });
    body.on('error', fail);
  });
}


const maxErrorTextLength = 300;

/**
 * A non-JSON error body (an nginx/Cloudflare HTML page, a plain-text stack) as a short message
 * for the client: the page's `<title>` (or its text without tags), whitespace collapsed, cut
 * to a few hundred characters. A client should see "502 Bad Gateway", not 24 KB of markup.
 */
export function summarizeUpstreamErrorText(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = title?.trim()
    ? title
    : text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  const collapsed = plain.replace(/\s+/g, ' ').trim();
  return collapsed.length > maxErrorTextLength ? `${collapsed.slice(0, maxErrorTextLength)}…` : collapsed;
}
