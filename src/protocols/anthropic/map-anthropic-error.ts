import { type ErrorKind, UpstreamHttpError, errorKindFromStatus } from '../../errors/proxy-error.js';
import { isRecord } from '../../json/is-record.js';

/**
 * Anthropic error `type` -> protocol-neutral kind. The type wins over the HTTP status because the
 * same type can arrive without a status (an in-stream `error` event after HTTP 200).
 * @see https://docs.anthropic.com/en/api/errors
 */
const errorKindByAnthropicType = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  billing_error: 'permission',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  timeout_error: 'timeout',
  api_error: 'api_error',
  overloaded_error: 'overloaded',
} as const satisfies Record<string, ErrorKind>;

type KnownAnthropicErrorType = keyof typeof errorKindByAnthropicType;

function isKnownErrorType(type: unknown): type is KnownAnthropicErrorType {
  return typeof type === 'string' && Object.hasOwn(errorKindByAnthropicType, type);
}

/** Pulls `{type, message}` out of an Anthropic error envelope, or of its bare `error` body. */
export function readAnthropicErrorBody(body: unknown): { type: string | undefined; message: string | undefined } {
  const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : body;
  if (!isRecord(inner)) return { type: undefined, message: undefined };
  const type = inner['type'];
  const message = inner['message'];
  return {
    type: typeof type === 'string' ? type : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/**
 * Maps an Anthropic HTTP error response (or an in-stream `error` event, with status 0) to the
 * proxy's error. The message is prefixed with the backend label so a client can tell the proxy's
 * own 400s from the upstream's; the upstream's error type is kept in `code`.
 */
export function mapAnthropicErrorToProxyError(
  status: number,
  body: unknown,
  headers: { retryAfter?: string },
  backendLabel: string,
): UpstreamHttpError {
  const { type, message } = readAnthropicErrorBody(body);
  const kind: ErrorKind = isKnownErrorType(type) ? errorKindByAnthropicType[type] : errorKindFromStatus(status || 500);
  // A non-JSON error page arrives as its summary (title or first words): keep it, it says what broke.
  const page = typeof body === 'string' && body.trim() !== '' ? `: ${body.trim()}` : '';
  const text = message ?? (status ? `HTTP ${status}${page}` : `Unknown upstream error${page}`);
  const retryable = kind === 'rate_limit' || kind === 'overloaded' || kind === 'api_error' || kind === 'timeout';
  return new UpstreamHttpError(kind, `${backendLabel}: ${text}`, status, {
    retryable,
    ...(headers.retryAfter === undefined ? {} : { retryAfter: headers.retryAfter }),
    ...(type === undefined ? {} : { code: type }),
  });
}
