/** An Anthropic backend's answer read as a message, or its error answer as the ProxyError it means. */
import { UpstreamProtocolError, type ProxyError } from '../../errors/proxy-error.js';
import { mapAnthropicErrorToProxyError } from '../../protocols/anthropic/map-anthropic-error.js';
import type { AnthropicMessage } from '../../protocols/anthropic/types.js';
import { readUpstreamErrorBody, readUpstreamJsonObject } from '../read-upstream-body.js';
import type { UpstreamResponse } from '../upstream-client.js';

export function readAnthropicMessage(upstream: UpstreamResponse, label: string): Promise<AnthropicMessage> {
  return readUpstreamJsonObject(upstream, label, (parsed) => {
    if (parsed['type'] === 'error') throw mapAnthropicErrorToProxyError(502, parsed, {}, label);
    if (!Array.isArray(parsed['content'])) throw new UpstreamProtocolError(`Backend ${label} answered with JSON that is not a message.`);
    return parsed as unknown as AnthropicMessage;
  });
}

export async function readAnthropicError(upstream: UpstreamResponse, label: string): Promise<ProxyError> {
  const { body, retryAfter } = await readUpstreamErrorBody(upstream, label);
  return mapAnthropicErrorToProxyError(upstream.statusCode, body, { retryAfter }, label);
}
