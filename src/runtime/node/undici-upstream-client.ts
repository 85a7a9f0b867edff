/**
 * The Node upstream client: undici's `request` (about 3x cheaper than `fetch` on Node) on one
 * keep-alive Agent per process; a compressed answer is decompressed here.
 */
import { pipeline, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Dispatcher } from 'undici';
import { Agent, errors as undiciErrors, parseUrl } from './undici-parts.js';
import { ProxyError, UpstreamConnectionError, UpstreamProtocolError, UpstreamTimeoutError } from '../../errors/proxy-error.js';
import type { UpstreamBody, UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../upstream/upstream-client.js';
import { addressCheckedAgent, closeAddressCheckedAgents } from './address-checked-agent.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, upstreamPoolOptions } from './upstream-pool-options.js';

/**
 * One keep-alive connection pool per origin, shared by every backend of the process; one such
 * Agent per distinct connect timeout (backends may set their own), since undici takes the connect
 * timeout per Agent, not per request. A configuration has a handful of distinct values at most.
 */
const agentsByConnectTimeout = new Map<number, Agent>();

function dispatcher(connectTimeoutMs: number): Agent {
  let agent = agentsByConnectTimeout.get(connectTimeoutMs);
  if (agent === undefined) {
    agent = new Agent({ ...upstreamPoolOptions, connect: { timeout: connectTimeoutMs } });
    agentsByConnectTimeout.set(connectTimeoutMs, agent);
  }
  return agent;
}

/** Closes the shared pools (graceful shutdown, tests). */
export async function closeUpstreamPool(): Promise<void> {
  const agents = [...agentsByConnectTimeout.values()];
  agentsByConnectTimeout.clear();
  await Promise.all([...agents.map((agent) => agent.close()), closeAddressCheckedAgents()]);
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
  for (const agent of agentsByConnectTimeout.values()) {
    for (const stats of Object.values(agent.stats)) {
      // One Pool per origin (connections > 1); a bare Client only with connections: 1.
      if (!('free' in stats)) continue;
      totals.connected += stats.connected;
      totals.free += stats.free;
      totals.busy += stats.running;
    }
  }
  return totals;
}

/** The process's upstream client (one pool for the server, the CLI probes and the tests). */
export const undiciUpstreamClient: UpstreamClient = { send: sendWithUndici };

async function sendWithUndici(options: UpstreamRequest): Promise<UpstreamResponse> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let response: Dispatcher.ResponseData;
  try {
    // URL routing's calls go through the pool that checks every address it connects to.
    const agent = options.addressPolicy === 'public-only' ? addressCheckedAgent(connectTimeoutMs) : dispatcher(connectTimeoutMs);
    // The dispatcher's own `request` with origin and path: undici's top-level `request(url)`
    // parses the URL with `new URL` and copies the options again, on every call.
    const target = splitUrl(options.url) ?? parsedUrl(options.url);
    response = await agent.request({
      origin: target.origin,
      path: target.path,
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  } catch (error) {
    throw mapUpstreamFailure(error, options.label, options);
  }
  const { headers, body } = decompressed(response);
  return { statusCode: response.statusCode, headers, body, failure: (error) => mapUpstreamFailure(error, options.label, options) };
}

/** `http(s)://host[:port]` and the rest of a plain URL; anything else goes through undici's parser. */
const plainUrl = /^(https?:\/\/[a-z0-9.\-[\]:]+)(\/[\x21\x22\x24-\x7e]*)?$/i;

export function splitUrl(url: string): { origin: string; path: string } | undefined {
  const match = plainUrl.exec(url);
  if (!match) return undefined;
  return { origin: match[1]!, path: match[2] ?? '/' };
}

/** Any other URL, as undici's top-level `request(url)` splits it. */
function parsedUrl(url: string): { origin: string; path: string } {
  const parsed = parseUrl(url);
  return { origin: parsed.origin, path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname };
}

/** Decoders by content-encoding; zstd where this Node has it (22.15 and later). */
const decompressors: Record<string, (() => Transform) | undefined> = {
  gzip: zlib.createGunzip,
  'x-gzip': zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
  zstd: (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress,
};

/**
 * We never ask for compression, yet some backends (and proxies in front of them) compress
 * anyway. Such a body (error bodies too) is decompressed here, so every caller sees plain bytes
 * and the readers' limits apply to the decompressed size (a compression bomb hits them). An
 * encoding we cannot undo is left as it is, and reads as garbage that the callers reject.
 * Only a compressed answer pays anything. undici's decompress interceptor, which issue 9 asked
 * for, was measured in the proxy with `npm run bench -- --baseline` on uncompressed answers: 72% of
 * the Anthropic-client requests per second and 91% of the streams, CPU per request 119% and per
 * stream 111%, against a noise floor of about 5% (docs/BENCHMARKS.md).
 */
function decompressed(response: Dispatcher.ResponseData): Pick<UpstreamResponse, 'headers' | 'body'> {
  const encoding = response.headers['content-encoding'];
  const create = typeof encoding === 'string' ? decompressors[encoding.trim().toLowerCase()] : undefined;
  if (!create) return { headers: response.headers, body: response.body };
  const decoder = create();
  // pipeline destroys both ends when either fails or the reader destroys the decoder.
  pipeline(response.body, decoder, () => {});
  const headers = { ...response.headers };
  delete headers['content-encoding'];
  delete headers['content-length'];
  return { headers, body: decoder as unknown as UpstreamBody };
}

/** The limits of the call that failed, named in timeout messages. */
export type CallLimits = Partial<Pick<UpstreamRequest, 'headersTimeoutMs' | 'bodyTimeoutMs' | 'connectTimeoutMs'>>;

/** Maps undici/socket failures to the proxy's error hierarchy, naming the backend (and, for a timeout, the limit). */
export function mapUpstreamFailure(error: unknown, label: string, limits: CallLimits = {}): ProxyError {
  if (error instanceof ProxyError) return error;
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new UpstreamTimeoutError(`Backend ${label} did not answer in time${limitNote('no response headers within', limits.headersTimeoutMs, 'headersMs')}.`, { cause: error });
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return new UpstreamTimeoutError(`Backend ${label} stopped sending data mid-response${limitNote('silent for', limits.bodyTimeoutMs, 'bodyIdleMs')}.`, { cause: error });
  }
  const code = errorCode(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    const limit = limitNote('no connection within', limits.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, 'connectMs');
    return new UpstreamTimeoutError(`Cannot reach backend ${label}${limit}: ${describeConnectFailure(code, error)}`, { cause: error });
  }
  // zlib codes are Z_*, brotli ones ERR__* (ERR__ERROR_FORMAT_PADDING_1, ...).
  if (code?.startsWith('Z_') || code?.startsWith('ERR__')) {
    return new UpstreamProtocolError(`Backend ${label} sent a compressed body that does not decompress (${code}).`, { cause: error });
  }
  if (error instanceof undiciErrors.RequestAbortedError || isAbortError(error)) {
    return new ProxyError('api_error', 'Request aborted.', { status: 499, cause: error });
  }
  return new UpstreamConnectionError(`Cannot reach backend ${label}: ${describeConnectFailure(code, error)}`, { cause: error });
}

/** ` (silent for 300000 ms: bodyIdleMs)`: which limit struck, by its configuration name. */
function limitNote(what: string, ms: number | undefined, name: string): string {
  return ms === undefined ? '' : ` (${what} ${ms} ms: ${name})`;
}

/** TLS failures by code: a wrong scheme, or a certificate Node does not trust. */
function isTlsFailure(code: string): boolean {
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO' || code.includes('CERT') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
}

/**
 * What failed and what to do, for the usual causes (claude-code-router's most reported error is
 * a bare "fetch failed"). The HTTP(S)_PROXY variables are named when set: undici's `request`
 * does not use them, so a machine that needs a proxy to reach the backend fails here.
 */
export function describeConnectFailure(code: string | undefined, error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const cause =
    code === 'ECONNREFUSED' ? 'connection refused: nothing listens at that address and port. Start the backend, or fix the port in its URL.'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `host not found (${code}): the name in the URL does not resolve. Check its spelling and this machine's DNS.`
    : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' ? 'connection reset by the backend or something between. Retry; if it persists, check the URL and any firewall.'
    : code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect timeout: the address does not answer. Check the URL and the network (firewall, VPN).'
    : code === 'EHOSTUNREACH' || code === 'ENETUNREACH' ? `no route to the host (${code}). Check the network (VPN, firewall) and the URL.`
    : code !== undefined && isTlsFailure(code) ? `TLS failed (${code}). Check the URL's scheme (http:// or https://) and the certificate; for a private CA, set NODE_EXTRA_CA_CERTS.`
    : `${code ?? (error instanceof Error ? error.message : 'unknown error')}.`;
  const proxies = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY'].filter((name) => env[name]);
  if (proxies.length === 0) return cause;
  return `${cause} (${proxies.join(', ')} is set, but backend calls do not go through a proxy; if this machine needs one to reach the backend, that is the cause.)`;
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

