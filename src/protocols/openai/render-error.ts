import type { ErrorKind, ProxyError } from '../../errors/proxy-error.js';
import type { OpenAIErrorEnvelope } from './types.js';

const openAIErrorTypeByKind = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  api_error: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
} as const satisfies Record<ErrorKind, string>;

/** OpenAI's error envelope for any proxy error. */
export function renderOpenAIError(error: ProxyError): OpenAIErrorEnvelope {
  return {
    error: {
      message: error.message,
      type: openAIErrorTypeByKind[error.kind],
      param: error.param ?? null,
      code: error.code ?? null,
    },
  };
}

/** HTTP status an OpenAI client should see: OpenAI has no 529, overload is 503. */
export function openAIStatusFor(error: ProxyError): number {
  return error.kind === 'overloaded' ? 503 : error.status;
}
