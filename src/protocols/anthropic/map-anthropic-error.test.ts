import { describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../../errors/proxy-error.js';
import { readAnthropicFixtureJson } from '../../../test/support/replay-anthropic-stream.js';
import { mapAnthropicErrorToProxyError } from './map-anthropic-error.js';

describe('mapAnthropicErrorToProxyError', () => {
  it.each([
    ['error-400-invalid-request.json', 400, 'invalid_request', 400, false, 'invalid_request_error'],
    ['error-401-authentication.json', 401, 'authentication', 401, false, 'authentication_error'],
    ['error-404-not-found.json', 404, 'not_found', 404, false, 'not_found_error'],
    ['error-529-overloaded.json', 529, 'overloaded', 529, true, 'overloaded_error'],
  ] as const)('%s -> %s', (fixture, status, kind, expectedStatus, retryable, code) => {
    const error = mapAnthropicErrorToProxyError(status, readAnthropicFixtureJson(fixture), {}, 'anthropic');
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect({ kind: error.kind, status: error.status, retryable: error.retryable, code: error.code, upstreamStatus: error.upstreamStatus }).toEqual({
      kind,
      status: expectedStatus,
      retryable,
      code,
      upstreamStatus: status,
    });
  });

  it('keeps the upstream message, prefixed with the backend label', () => {
    const error = mapAnthropicErrorToProxyError(401, readAnthropicFixtureJson('error-401-authentication.json'), {}, 'anthropic');
    expect(error.message).toBe('anthropic: invalid x-api-key');
  });

  it('429 rate_limit carries retry-after', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } };
    const error = mapAnthropicErrorToProxyError(429, body, { retryAfter: '17' }, 'anthropic');
    expect({ kind: error.kind, status: error.status, retryable: error.retryable, retryAfter: error.retryAfter }).toEqual({ kind: 'rate_limit', status: 429, retryable: true, retryAfter: '17' });
  });

  it('non-JSON body falls back to the status and keeps the page summary', () => {
    const error = mapAnthropicErrorToProxyError(503, 'Service Unavailable', {}, 'anthropic');
    expect({ kind: error.kind, message: error.message, retryable: error.retryable }).toEqual({ kind: 'overloaded', message: 'anthropic: HTTP 503: Service Unavailable', retryable: true });
  });

  it('an unknown body shape falls back to the status alone', () => {
    const error = mapAnthropicErrorToProxyError(503, { unexpected: true }, {}, 'anthropic');
    expect(error.message).toBe('anthropic: HTTP 503');
  });

  it('in-stream error event (status 0) maps by type', () => {
    const error = mapAnthropicErrorToProxyError(0, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }, {}, 'anthropic');
    expect({ kind: error.kind, status: error.status }).toEqual({ kind: 'api_error', status: 500 });
  });
});
