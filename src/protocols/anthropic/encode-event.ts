import { encodeSseFrame } from '../../sse/sse-encoder.js';
import type { AnthropicStreamEvent } from './types.js';

/** One Anthropic stream event as an SSE frame, with its `event:` line (the SDK dispatches on it). */
export function encodeAnthropicEvent(event: AnthropicStreamEvent): string {
  return encodeSseFrame(event.type, JSON.stringify(event));
}
