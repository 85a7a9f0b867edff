import type { ProxyError } from '../errors/proxy-error.js';
import { readUpstreamErrorBody } from '../upstream/read-upstream-body.js';
import type { UpstreamResponse } from '../upstream/upstream-client.js';

/** A protocol's mapping of a backend's error answer (`mapOpenAIErrorToProxyError`, `mapAnthropicErrorToProxyError`). */
type MapUpstreamError = (status: number, body: unknown, headers: { retryAfter?: string }, label: string) => ProxyError;

/**
 * A passthrough's backend error answer as a ProxyError, for the plan to retry or fall back on
 * (`attempt.followsUp(status)`) instead of piping it to the client.
 */
export async function upstreamErrorToHandBack(upstream: UpstreamResponse, label: string, map: MapUpstreamError): Promise<ProxyError> {
  const { body, retryAfter } = await readUpstreamErrorBody(upstream, label);
  return map(upstream.statusCode, body, { retryAfter }, label);
}
