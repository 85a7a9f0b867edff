import { describe, expect, it } from 'vitest';
import { ProxyError, UpstreamTimeoutError } from '../../errors/proxy-error.js';
import { codeOfAnthropicError, codeOfProxyError, failureMessageOf } from './responses-error-codes.js';

describe('the failure codes Codex understands', () => {
  it('maps Anthropic error types', () => {
    expect(codeOfAnthropicError('rate_limit_error', 'slow down')).toBe('rate_limit_exceeded');
    expect(codeOfAnthropicError('billing_error', 'no credit')).toBe('insufficient_quota');
    expect(codeOfAnthropicError('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum')).toBe('context_length_exceeded');
    expect(codeOfAnthropicError('invalid_request_error', 'bad field')).toBe('invalid_prompt');
    expect(codeOfAnthropicError('overloaded_error', 'Overloaded')).toBe('server_error');
  });

  it('maps ProxyErrors, and tells Codex how long to wait on a rate limit', () => {
    const limited = new ProxyError('rate_limit', 'deepseek: Rate limit reached.', { retryAfter: '7' });
    expect(codeOfProxyError(limited)).toBe('rate_limit_exceeded');
    expect(failureMessageOf(limited)).toBe('deepseek: Rate limit reached. Please try again in 7s.');
    expect(codeOfProxyError(new UpstreamTimeoutError('Backend x timed out.'))).toBe('server_error');
    expect(failureMessageOf(new UpstreamTimeoutError('Backend x timed out.'))).toBe('Backend x timed out.');
  });
});
