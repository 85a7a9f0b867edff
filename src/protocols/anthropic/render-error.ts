import type { ErrorKind, ProxyError } from '../../errors/proxy-error.js';
import type { AnthropicErrorEnvelope, AnthropicErrorType } from './types.js';

const anthropicErrorTypeByKind = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  api_error: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
} as const satisfies Record<ErrorKind, AnthropicErrorType>;

/** Anthropic's error envelope for any proxy error. */
export function renderAnthropicError(error: ProxyError, requestId?: string): AnthropicErrorEnvelope {
  const envelope: AnthropicErrorEnvelope = {
    type: 'error',
    error: { type: anthropicErrorTypeByKind[error.kind], message: error.message },
  };
  if (requestId) envelope.request_id = requestId;
  return envelope;
}

/** HTTP status a Claude client should see: overload is 529 on Anthropic's wire. */
export function anthropicStatusFor(error: ProxyError): number {
  return error.kind === 'overloaded' ? 529 : error.status;
}
