/**
 * The one error hierarchy of the proxy. Every failure (bad client input, a translation that would
 * lose meaning, routing, the upstream's HTTP errors, connection failures, timeouts) becomes one
 * of these. Each frontend renders any `ProxyError` in its own protocol's envelope; no other
 * error shape and never a stack trace reaches a client.
 */

/** Protocol-neutral error category; frontends map it to their own error type names. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'api_error'
  | 'overloaded'
  | 'timeout';

export interface ProxyErrorOptions {
  status?: number;
  retryable?: boolean;
  /** Seconds, passed to the client as `retry-after`. */
  retryAfter?: string;
  /** Parameter the error is about, when known. */
  param?: string;
  /** Upstream's own error code (`context_length_exceeded`, ...). */
  code?: string;
  cause?: unknown;
}

const defaultStatusByKind = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  api_error: 500,
  overloaded: 529,
  timeout: 504,
} as const satisfies Record<ErrorKind, number>;

export class ProxyError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfter: string | undefined;
  readonly param: string | undefined;
  readonly code: string | undefined;

  constructor(kind: ErrorKind, message: string, options: ProxyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.status = options.status ?? defaultStatusByKind[kind];
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
    this.param = options.param;
    this.code = options.code;
  }
}

/** The client's request is malformed or asks for something the proxy cannot honour (400). */
export class RequestValidationError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super('invalid_request', message, options);
  }
}

/** The request body is over a configured limit (413). */
export class RequestTooLargeError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super('request_too_large', message, options);
  }
}

/** Translating would change the meaning of the request (400): the client must change it. */
export class TranslationError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super('invalid_request', message, options);
  }
}

/** No backend/model can serve the request, or the route would loop back into the proxy. */
export class RoutingError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super(options.status === 404 ? 'not_found' : 'invalid_request', message, options);
  }
}

/** The upstream answered with an HTTP error; kind and status follow the upstream's. */
export class UpstreamHttpError extends ProxyError {
  /** Raw upstream status, before mapping. */
  readonly upstreamStatus: number;
  constructor(kind: ErrorKind, message: string, upstreamStatus: number, options: ProxyErrorOptions = {}) {
    super(kind, message, { retryable: upstreamStatus === 429 || upstreamStatus >= 500, ...options });
    this.upstreamStatus = upstreamStatus;
  }
}

/** The upstream could not be reached or dropped the connection (502). */
export class UpstreamConnectionError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super('api_error', message, { status: 502, retryable: true, ...options });
  }
}

/** The upstream did not answer in time (504). */
export class UpstreamTimeoutError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super('timeout', message, { status: 504, retryable: true, ...options });
  }
}

/** The upstream answered 2xx but with something that is not its protocol (502). */
export class UpstreamProtocolError extends ProxyError {
  constructor(message: string, options: ProxyErrorOptions = {}) {
    super('api_error', message, { status: 502, retryable: true, ...options });
  }
}

/** Any thrown value as a ProxyError; unknown errors become a generic 500 without internals. */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  return new ProxyError('api_error', 'Internal proxy error.', { status: 500, cause: error });
}

/** Maps an HTTP status to the error kind a client should see. */
export function errorKindFromStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 402 || status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'api_error';
}
