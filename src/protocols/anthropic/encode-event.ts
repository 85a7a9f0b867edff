import { jsonStringLiteral } from '../../json/json-string-literal.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import type { AnthropicStreamEvent } from './types.js';

/** One Anthropic stream event as an SSE frame, with its `event:` line (the SDK dispatches on it). */
export function encodeAnthropicEvent(event: AnthropicStreamEvent): string {
  if (event.type === 'content_block_delta') return encodeDeltaFrame(event);
  return encodeSseFrame(event.type, JSON.stringify(event));
}

/** The last delta frame's beginning (up to its text), and whose it was: the same for a whole block. */
let lastHead = { index: -1, type: '', head: '' };

function deltaHead(index: number, type: string): string {
  if (lastHead.index !== index || lastHead.type !== type) {
    lastHead = { index, type, head: `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"${type}",` };
  }
  return lastHead.head;
}

/**
 * The hot path: most frames of a stream are deltas. Built by hand, only the payload string is
 * JSON-encoded; the bytes equal `JSON.stringify(event)` (same key order), which a test checks.
 */
function encodeDeltaFrame(event: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>): string {
  const { delta } = event;
  const head = deltaHead(event.index, delta.type);
  switch (delta.type) {
    case 'text_delta':
      return `${head}"text":${jsonStringLiteral(delta.text)}}}\n\n`;
    case 'input_json_delta':
      return `${head}"partial_json":${jsonStringLiteral(delta.partial_json)}}}\n\n`;
    case 'thinking_delta':
      return `${head}"thinking":${jsonStringLiteral(delta.thinking)}}}\n\n`;
    default:
      return encodeSseFrame(event.type, JSON.stringify(event));
  }
}
