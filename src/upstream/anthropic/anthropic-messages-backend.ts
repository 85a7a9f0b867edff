import type { BackendConfig } from '../../config/config-types.js';
import { HOP_HEADER, apiKeyOf, callLimitsOf, type BackendCallOptions } from '../backend-call.js';
import { sendUpstreamRequest, type UpstreamResponse } from '../upstream-client.js';

/** The Messages API version this proxy speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * POST {baseUrl}/v1/messages with an already serialized body. Structured outputs
 * (`output_config.format`) and thinking are GA and need no beta header.
 */
export function postAnthropicMessages(
  backend: BackendConfig,
  body: string,
  options: BackendCallOptions,
): Promise<UpstreamResponse> {
  const headers = { accept: 'application/json, text/event-stream', 'user-agent': 'claude-proxy/0.1' };
  return forwardAnthropicRequest(backend, '/v1/messages', headers, body, options);
}

/**
 * A client's own Anthropic request, forwarded: its headers (already stripped of credentials and
 * hop-by-hop ones) plus this backend's key, the hop header and a JSON content type.
 */
export function forwardAnthropicRequest(
  backend: BackendConfig,
  pathAndQuery: string,
  clientHeaders: Record<string, string>,
  body: string | Uint8Array,
  options: BackendCallOptions,
): Promise<UpstreamResponse> {
  const headers: Record<string, string> = {
    'anthropic-version': ANTHROPIC_VERSION,
    ...clientHeaders,
    'content-type': 'application/json',
    [HOP_HEADER]: options.instanceId,
  };
  const apiKey = apiKeyOf(backend, options);
  if (apiKey) headers['x-api-key'] = apiKey;
  return sendUpstreamRequest(options.client, {
    url: `${backend.baseUrl}${pathAndQuery}`,
    method: 'POST',
    headers,
    body,
    ...callLimitsOf(backend, options),
  });
}
