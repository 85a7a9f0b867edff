import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import {
  ProxyError,
  UpstreamConnectionError,
  UpstreamTimeoutError,
} from '../errors/proxy-error.js';

/** One keep-alive connection pool per origin, shared by every backend of the process. */
let sharedAgent: Agent | undefined;

function agent(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: 256,
    pipelining: 1,
  });
  return sharedAgent;
}

/** Closes the shared pool (graceful shutdown, tests). */
export async function closeUpstreamPool(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  await current?.close();
}

export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
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
  try {
    return await request(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: options.signal,
      dispatcher: agent(),
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  } catch (error) {
    throw mapUpstreamFailure(error, options.label);
  }
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
  if (error instanceof undiciErrors.RequestAbortedError || isAbortError(error)) {
    return new ProxyError('api_error', 'Request aborted.', { status: 499, cause: error });
  }
  const code = errorCode(error);
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

/** Reads a whole (error or non-streaming) body as text, refusing to hold more than `limit` bytes. */
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
  return Buffer.concat(chunks).toString('utf8');
}
