import { Agent, errors as undiciErrors, interceptors, request, type Dispatcher } from 'undici';
import {
  ProxyError,
  UpstreamConnectionError,
  UpstreamProtocolError,
  UpstreamTimeoutError,
} from '../errors/proxy-error.js';
import type { AbortEmitter } from './abort-emitter.js';

/** One keep-alive connection pool per origin, shared by every backend of the process. */
let sharedAgent: Agent | undefined;
let sharedDispatcher: Dispatcher | undefined;

/**
 * We never ask for compression, yet some backends (and proxies in front of them) compress
 * anyway: undici's decompress interceptor undoes gzip, deflate, br and zstd for every status
 * (error bodies are read and redacted too), so every caller sees plain bytes and the readers'
 * limits apply to the decompressed size (a compression bomb hits them). An encoding it does not
 * know is left as it is, and reads as garbage that the callers reject.
 */
function dispatcher(): Dispatcher {
  if (sharedDispatcher) return sharedDispatcher;
  sharedAgent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // No cap per origin: an LLM stream holds its connection for minutes, so a cap would make
    // request N+1 wait, silently, for a stream to end. Idle sockets are reused (keep-alive).
    connections: null,
    pipelining: 1,
  });
  sharedDispatcher = sharedAgent.compose(withoutExperimentalWarning(() => interceptors.decompress({ skipErrorResponses: false })));
  return sharedDispatcher;
}

/**
 * undici 7 marks the decompress interceptor experimental and says so once, on stderr, when it is
 * created; that line would greet every user at start-up. Only that warning is held back.
 */
function withoutExperimentalWarning<T>(create: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('DecompressInterceptor is experimental')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return create();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Closes the shared pool (graceful shutdown, tests). */
export async function closeUpstreamPool(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  sharedDispatcher = undefined;
  await current?.close();
}

/** Connections of the shared pool, summed over origins: `busy` ones carry a request right now. */
export interface UpstreamPoolStats {
  connected: number;
  free: number;
  busy: number;
}

/** What the upstream pool holds now (leak checks in tests, diagnostics). */
export function upstreamPoolStats(): UpstreamPoolStats {
  const totals: UpstreamPoolStats = { connected: 0, free: 0, busy: 0 };
  for (const stats of Object.values(sharedAgent?.stats ?? {})) {
    // One Pool per origin (connections > 1); a bare Client only with connections: 1.
    if (!('free' in stats)) continue;
    totals.connected += stats.connected;
    totals.free += stats.free;
    totals.busy += stats.running;
  }
  return totals;
}

export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal | AbortEmitter;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Human label of the backend for error messages (`default (https://api.openai.com/v1)`). */
  label: string;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * One HTTP call to an upstream over undici's `request` (about 3x cheaper than `fetch` on Node).
 * Connection failures and timeouts become ProxyErrors that name the backend; HTTP error
 * statuses are returned as they are, for the caller's protocol-specific mapping.
 */
export async function sendUpstreamRequest(options: UpstreamRequest): Promise<UpstreamResponse> {
  let response: UpstreamResponse;
  try {
    response = await request(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: options.signal,
      dispatcher: dispatcher(),
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  } catch (error) {
    throw mapUpstreamFailure(error, options.label);
  }
  sentSecrets.set(response, secretsIn(options.headers));
  return response;
}

/** The credentials each response's request carried, so text read back can never echo them. */
const sentSecrets = new WeakMap<UpstreamResponse, string[]>();

function secretsIn(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') secrets.push(value.replace(/^Bearer\s+/i, ''));
    else if (lower === 'x-api-key' || lower === 'api-key') secrets.push(value);
  }
  return secrets.filter((secret) => secret.length >= 4);
}

/** Maps undici/socket failures to the proxy's error hierarchy, naming the backend. */
export function mapUpstreamFailure(error: unknown, label: string): ProxyError {
  if (error instanceof ProxyError) return error;
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new UpstreamTimeoutError(`Backend ${label} did not answer in time.`, { cause: error });
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return new UpstreamTimeoutError(`Backend ${label} stopped sending data mid-response.`, { cause: error });
  }
  const code = errorCode(error);
  // zlib codes are Z_*, brotli ones ERR__* (ERR__ERROR_FORMAT_PADDING_1, ...).
  if (code?.startsWith('Z_') || code?.startsWith('ERR__')) {
    return new UpstreamProtocolError(`Backend ${label} sent a compressed body that does not decompress (${code}).`, { cause: error });
  }
  if (error instanceof undiciErrors.RequestAbortedError || isAbortError(error)) {
    return new ProxyError('api_error', 'Request aborted.', { status: 499, cause: error });
  }
  const reason =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
    : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' ? 'connection reset'
    : code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect timeout'
    : code ?? (error instanceof Error ? error.message : 'unknown error');
  return new UpstreamConnectionError(`Cannot reach backend ${label}: ${reason}.`, { cause: error });
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * Reads a whole (error or non-streaming) body as text, refusing to hold more than `limit` bytes.
 * A credential the request carried is cut out (a backend's 401 may echo the key it got).
 */
export async function readUpstreamText(response: UpstreamResponse, limit: number, label: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) {
        response.body.destroy();
        throw new ProxyError('api_error', `Backend ${label} sent a response over ${limit} bytes.`, { status: 502 });
      }
      chunks.push(buffer);
    }
  } catch (error) {
    throw mapUpstreamFailure(error, label);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const secrets = sentSecrets.get(response);
  return (secrets ?? []).reduce((redacted, secret) => redacted.split(secret).join('[REDACTED]'), text);
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
