import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { mapOpenAIErrorToProxyError } from '../../protocols/openai/map-openai-error.js';
import type { OpenAIChatCompletion } from '../../protocols/openai/types.js';
import { readUpstreamJsonObject } from '../read-upstream-body.js';
import type { UpstreamResponse } from '../upstream-client.js';

/**
 * A 2xx non-streaming answer of a Chat Completions backend as a completion; an error object in
 * a 2xx (some gateways send them) is the ProxyError it means, anything without `choices` a 502.
 */
export function readChatCompletion(upstream: UpstreamResponse, label: string): Promise<OpenAIChatCompletion> {
  return readUpstreamJsonObject(upstream, label, (parsed) => {
    if ('error' in parsed && !('choices' in parsed)) throw mapOpenAIErrorToProxyError(502, parsed, {}, label);
    if (!Array.isArray(parsed['choices'])) throw new UpstreamProtocolError(`Backend ${label} answered with JSON that is not a chat completion (no choices).`);
    return parsed as unknown as OpenAIChatCompletion;
  });
}
