import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { upstreamFixturePath } from '../../../test/support/replay-openai-stream.js';
import { mapOpenAIErrorToProxyError, mapOpenAIStreamErrorToProxyError } from './map-openai-error.js';

function fixture(relative: string): unknown {
  return JSON.parse(readFileSync(upstreamFixturePath(`openai-chat/${relative}`), 'utf8'));
}

describe('mapOpenAIErrorToProxyError over recorded error bodies', () => {
  it('context_length_exceeded -> Anthropic "prompt is too long: M tokens > N maximum"', () => {
    const error = mapOpenAIErrorToProxyError(400, fixture('openai/error-400-context-length-exceeded.json'), {}, 'openai');
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, message: 'prompt is too long: 4294 tokens > 4097 maximum', code: 'context_length_exceeded' });
  });

  it('401 -> authentication, message prefixed with the backend label', () => {
    const error = mapOpenAIErrorToProxyError(401, fixture('openai/error-401-invalid-api-key.json'), {}, 'openai');
    expect(error.kind).toBe('authentication');
    expect(error.message).toMatch(/^openai: Incorrect API key provided/);
    expect(error.retryable).toBe(false);
  });

  it('429 rate limit keeps retry-after (header first, else the "try again in" hint)', () => {
    const body = fixture('openai/error-429-rate-limit-tpm.json');
    expect(mapOpenAIErrorToProxyError(429, body, { retryAfter: '7' }, 'openai')).toMatchObject({ kind: 'rate_limit', retryAfter: '7', retryable: true });
    expect(mapOpenAIErrorToProxyError(429, body, {}, 'openai').retryAfter).toBe('27');
  });

  it('insufficient_quota -> rate_limit that says quota and is not retried', () => {
    const error = mapOpenAIErrorToProxyError(429, fixture('openai/error-429-insufficient-quota-legacy.json'), {}, 'openai');
    expect(error).toMatchObject({ kind: 'rate_limit', retryable: false });
    expect(error.message).toMatch(/quota/);
  });

  it('400 unsupported parameter/value stay invalid_request with their code', () => {
    expect(mapOpenAIErrorToProxyError(400, fixture('openai/error-400-unsupported-parameter.json'), {}, 'o')).toMatchObject({ kind: 'invalid_request', code: 'unsupported_parameter' });
    expect(mapOpenAIErrorToProxyError(400, fixture('openai/error-400-unsupported-value.json'), {}, 'o')).toMatchObject({ kind: 'invalid_request', code: 'unsupported_value' });
  });

  it('groq 404 model_not_found -> not_found; groq tool_use_failed -> invalid_request', () => {
    expect(mapOpenAIErrorToProxyError(404, fixture('groq/error-404-model-not-found.json'), {}, 'groq').kind).toBe('not_found');
    expect(mapOpenAIErrorToProxyError(400, fixture('groq/error-400-tool-use-failed.json'), {}, 'groq').kind).toBe('invalid_request');
  });

  it('openrouter numeric code: the provider raw reason is kept in the message', () => {
    const error = mapOpenAIErrorToProxyError(429, fixture('openrouter/error-429-provider-returned-error.json'), {}, 'openrouter');
    expect(error.kind).toBe('rate_limit');
    expect(error.message).toMatch(/^openrouter: Provider returned error: google\/gemini-2.0-flash-exp:free is temporarily rate-limited/);
  });
});

describe('other upstream shapes', () => {
  it.each([
    ["This model's maximum context length is 65536 tokens. However, you requested 70000 tokens (70000 in the messages, 0 in the completion).", 'prompt is too long: 70000 tokens > 65536 maximum'],
    ['Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length', 'prompt is too long: 40000 tokens > 32768 maximum'],
    ['The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', 'prompt is too long: 1200000 tokens > 1048576 maximum'],
    ['prompt too long; exceeded max context length', 'prompt is too long (b: prompt too long; exceeded max context length)'],
  ])('context overflow wording %#', (message, expected) => {
    expect(mapOpenAIErrorToProxyError(400, { error: { message } }, {}, 'b').message).toBe(expected);
  });

  it('llama.cpp n_prompt_tokens / n_ctx fields', () => {
    const body = { error: { code: 400, message: 'the request exceeds the available context size', type: 'exceed_context_size_error', n_prompt_tokens: 5000, n_ctx: 4096 } };
    expect(mapOpenAIErrorToProxyError(400, body, {}, 'llama').message).toBe('prompt is too long: 5000 tokens > 4096 maximum');
  });

  it('503 and "overloaded" bodies -> overloaded; non-JSON bodies keep their text', () => {
    expect(mapOpenAIErrorToProxyError(503, 'Service Unavailable', {}, 'b')).toMatchObject({ kind: 'overloaded', message: 'b: Service Unavailable' });
    expect(mapOpenAIErrorToProxyError(500, { error: { message: 'The engine is currently overloaded' } }, {}, 'b').kind).toBe('overloaded');
    expect(mapOpenAIErrorToProxyError(500, undefined, {}, 'b').message).toBe('b: HTTP 500');
  });

  it('stream errors take their status from status_code / numeric code, else 500', () => {
    expect(mapOpenAIStreamErrorToProxyError({ error: { message: 'x', status_code: 400 } }).kind).toBe('invalid_request');
    expect(mapOpenAIStreamErrorToProxyError({ error: { message: 'x', code: 429 } }).kind).toBe('rate_limit');
    expect(mapOpenAIStreamErrorToProxyError({ error: { message: 'boom' } }, 'be')).toMatchObject({ kind: 'api_error', message: 'be: boom' });
  });
});
