/**
 * The Worker's upstream client: the platform's `fetch`, which decompresses answers by itself.
 * Redirects are never followed (`redirect: 'manual'`: a 3xx comes back as it is, and URL
 * routing refuses it). Timeouts abort the call: one for the answer's headers, one for the
 * silence between body chunks. Failures become the same ProxyErrors as on Node, naming the backend.
 *
 * `addressPolicy: 'public-only'` (URL routing): a Worker cannot see the address a name resolves
 * to, so only what the URL itself says is checked: a literal non-public address (also checked
 * by upstream/url-routed-upstream-client.ts) and the names that always mean this machine
 * (`localhost`, `*.localhost`). On Cloudflare, `fetch` reaches only the public internet anyway;
 * under `wrangler dev` a public name that resolves to a private address would be reached.
 */
import { ProxyError, UpstreamConnectionError, UpstreamTimeoutError } from '../../errors/proxy-error.js';
import { addressRefusal } from '../../upstream/classify-address.js';
import type { AbortEmitter } from '../../upstream/abort-emitter.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../upstream/upstream-client.js';
import { ReadableStreamBody } from './readable-stream-body.js';

/** Why this proxy aborted a call, if it did. */
type AbortCause = 'headers-timeout' | 'idle-timeout' | 'client' | undefined;

/** The upstream client over the global `fetch` (or `fetchFunction`, for tests and service bindings). */
export function fetchUpstreamClient(fetchFunction: typeof fetch = (input, init) => fetch(input, init)): UpstreamClient {
  return { send: (request) => sendWithFetch(fetchFunction, request) };
}

async function sendWithFetch(fetchFunction: typeof fetch, request: UpstreamRequest): Promise<UpstreamResponse> {
  if (request.addressPolicy === 'public-only') refuseLocalHost(request.url);
  const controller = new AbortController();
  let cause: AbortCause;
  const abort = (why: Exclude<AbortCause, undefined>) => {
    cause ??= why;
    controller.abort();
  };
  const onClientAbort = () => abort('client');
  const signal = request.signal;
  if (signal?.aborted) throw mapFetchFailure(new Error('aborted'), request.label, 'client', signal);
  signal?.once('abort', onClientAbort);
  const headersTimer = setTimeout(() => abort('headers-timeout'), request.headersTimeoutMs);
  const failure = (error: unknown) => mapFetchFailure(error, request.label, cause, signal);
  let response: Response;
  try {
    response = await fetchFunction(request.url, {
      method: request.method,
      headers: request.headers,
      // The core's bodies are plain ArrayBuffer-backed bytes or strings; the DOM type wants it said.
      body: request.body as BodyInit | undefined,
      redirect: 'manual',
      signal: controller.signal,
    });
  } catch (error) {
    signal?.removeListener('abort', onClientAbort);
    throw failure(error);
  } finally {
    clearTimeout(headersTimer);
  }
  const body = new ReadableStreamBody(response.body, {
    idleTimeoutMs: request.bodyTimeoutMs,
    onIdle: () => abort('idle-timeout'),
    onDestroy: () => {
      signal?.removeListener('abort', onClientAbort);
      controller.abort();
    },
  });
  return { statusCode: response.status, headers: headersOf(response), body, failure };
}

/** Encodings `fetch` undoes by itself: their header must not reach a reader of the plain bytes. */
const decodedEncodings = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

function headersOf(response: Response): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 1) headers['set-cookie'] = cookies;
  const encoding = headers['content-encoding'];
  if (typeof encoding === 'string' && decodedEncodings.has(encoding.trim().toLowerCase())) {
    delete headers['content-encoding'];
    delete headers['content-length'];
  }
  return headers;
}

/** Maps a fetch failure to the proxy's error hierarchy, naming the backend. */
export function mapFetchFailure(error: unknown, label: string, cause: AbortCause, signal: AbortEmitter | undefined): ProxyError {
  if (error instanceof ProxyError) return error;
  if (cause === 'headers-timeout') return new UpstreamTimeoutError(`Backend ${label} did not answer in time.`, { cause: error });
  if (cause === 'idle-timeout') return new UpstreamTimeoutError(`Backend ${label} stopped sending data mid-response.`, { cause: error });
  if (cause === 'client') {
    // A shutdown-style abort carries its own ProxyError; a client that left gets the 499 of Node.
    if (signal?.reason instanceof ProxyError) return signal.reason;
    return new ProxyError('api_error', 'Request aborted.', { status: 499, cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new UpstreamConnectionError(
    `Cannot reach backend ${label}: ${detail.replace(/\.$/, '')}. The connection was refused or reset, the name does not resolve, ` +
      'or the address is not one a Worker can reach (on Cloudflare: public internet addresses only).',
    { cause: error },
  );
}

/** `localhost` names and literal non-public addresses, refused before any connection. */
function refuseLocalHost(url: string): void {
  const hostname = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    const refusal = addressRefusal(hostname, '127.0.0.1');
    if (refusal) throw refusal;
  }
  if (/^[\d.]+$|:/.test(hostname)) {
    const refusal = addressRefusal(hostname, hostname);
    if (refusal) throw refusal;
  }
}
