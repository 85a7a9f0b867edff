import { describe, expect, it } from 'vitest';
import { encodeAnthropicEvent } from './encode-event.js';
import type { AnthropicStreamEvent } from './types.js';

const generic = (event: AnthropicStreamEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

describe('encodeAnthropicEvent', () => {
  it.each<AnthropicStreamEvent>([
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'He said "hi"\n\u2028 ✓ \\ </script>' } },
    { type: 'content_block_delta', index: 12, delta: { type: 'input_json_delta', partial_json: '{"command":"echo \\"x\\""' } },
    { type: 'content_block_delta', index: 3, delta: { type: 'thinking_delta', thinking: '' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'cpx1.abc' } },
    { type: 'message_stop' },
    { type: 'ping' },
  ])('writes the same bytes as JSON.stringify for %o', (event) => {
    expect(encodeAnthropicEvent(event)).toBe(generic(event));
  });
});

it('encodeAnthropicEvent follows the block index and delta type from one delta to the next', () => {
  const events: AnthropicStreamEvent[] = [
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'b' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'c' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'd' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'e' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'f' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{' } },
  ];
  expect(events.map(encodeAnthropicEvent)).toEqual(events.map(generic));
});
