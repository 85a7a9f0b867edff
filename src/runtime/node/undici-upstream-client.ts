/**
 * The Node upstream client: undici's `request` (about 3x cheaper than `fetch` on Node) on one
 * keep-alive Agent per process, composed with undici's decompress interceptor.
 */
import { Agent, errors as undiciErrors, interceptors, request, type Dispatcher } from 'undici';
import { ProxyError, UpstreamConnectionError, UpstreamProtocolError, UpstreamTimeoutError } from '../../errors/proxy-error.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../upstream/upstream-client.js';

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

/** The process's upstream client (one pool for the server, the CLI probes and the tests). */
export const undiciUpstreamClient: UpstreamClient = { send: sendWithUndici };

async function sendWithUndici(options: UpstreamRequest): Promise<UpstreamResponse> {
  let response: Dispatcher.ResponseData;
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
  const label = options.label;
  return { statusCode: response.statusCode, headers: response.headers, body: response.body, failure: (error) => mapUpstreamFailure(error, label) };
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

