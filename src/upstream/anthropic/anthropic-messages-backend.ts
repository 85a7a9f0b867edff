import type { BackendConfig } from '../../config/config-types.js';
import { HOP_HEADER, backendLabel, type BackendCallOptions } from '../openai-chat/openai-chat-backend.js';
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
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'anthropic-version': ANTHROPIC_VERSION,
    'user-agent': 'claude-proxy/0.1',
    [HOP_HEADER]: options.instanceId,
  };
  if (backend.apiKey) headers['x-api-key'] = backend.apiKey;
  return sendUpstreamRequest({
    url: `${backend.baseUrl}/v1/messages`,
    method: 'POST',
    headers,
    body,
    signal: options.signal,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    label: backendLabel(backend),
  });
}
