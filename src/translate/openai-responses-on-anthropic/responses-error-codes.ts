import type { ProxyError } from '../../errors/proxy-error.js';

/** Anthropic's error type -> the codes Codex understands (context_length_exceeded, rate_limit_exceeded, insufficient_quota). */
export function codeOfAnthropicError(type: string, message: string): string {
  if (type === 'rate_limit_error') return 'rate_limit_exceeded';
  if (type === 'billing_error') return 'insufficient_quota';
  if (type === 'invalid_request_error' && /prompt is too long|context (window|length)|too many tokens/i.test(message)) return 'context_length_exceeded';
  if (type === 'invalid_request_error') return 'invalid_prompt';
  return 'server_error';
}

/** A ProxyError's code for `response.failed`. */
export function codeOfProxyError(error: ProxyError): string {
  if (error.kind === 'rate_limit') return 'rate_limit_exceeded';
  if (error.kind === 'permission' && /quota|billing|credit/i.test(error.message)) return 'insufficient_quota';
  if (/prompt is too long|context (window|length)/i.test(error.message)) return 'context_length_exceeded';
  return 'server_error';
}

/**
 * The failure's message as Codex reads it: on a rate limit with a known wait, "Please try again
 * in N s", which Codex parses to wait that long before its retry.
 */
export function failureMessageOf(error: ProxyError): string {
  const seconds = error.retryAfter === undefined ? NaN : Number(error.retryAfter);
  if (error.kind === 'rate_limit' && Number.isFinite(seconds) && seconds >= 0 && !/try again in/i.test(error.message)) {
    return `${error.message} Please try again in ${seconds}s.`;
  }
  return error.message;
}
