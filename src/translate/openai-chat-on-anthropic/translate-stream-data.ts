import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { readAnthropicDeltaEvent } from '../../protocols/anthropic/read-delta-event.js';
import type { AnthropicToOpenAIStreamTranslator, OpenAIStreamFrame } from './stream-translator.js';

/**
 * One upstream `data:` payload of an Anthropic event stream -> the OpenAI frames it produces: a
 * blank payload is nothing, anything else must be JSON (or the stream fails). The relay and the
 * fixture replay tests both run this. Afterwards `translator.phase` says whether the stream is
 * over (`done`: the relay writes `data: [DONE]`; `failed`: the last frame was an error).
 */
export function translateAnthropicStreamData(
  translator: AnthropicToOpenAIStreamTranslator,
  data: string,
  backendLabel: string,
): OpenAIStreamFrame[] {
  // A delta of text, thinking or tool input (most of a stream) is read without parsing it whole.
  const delta = readAnthropicDeltaEvent(data);
  if (delta !== undefined) return translator.push(delta);
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    if (data.trim() === '') return [];
    return translator.fail(new UpstreamProtocolError(`Backend ${backendLabel} sent a stream event that is not JSON: ${data.slice(0, 200)}`));
  }
  return translator.push(event);
}

/** True once the translated stream has its ending (complete or failed); later events are ignored. */
export function isAnthropicStreamOver(translator: AnthropicToOpenAIStreamTranslator): boolean {
  return translator.phase === 'done' || translator.phase === 'failed';
}
