import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import { SseDecoder } from '../../src/sse/sse-decoder.js';
import { validateAnthropicEventStream } from './anthropic-stream-validator.js';
import { readFixture } from './mock-openai-backend.js';

const start: AnthropicStreamEvent = {
  type: 'message_start',
  message: { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
};
const end: AnthropicStreamEvent[] = [
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } },
  { type: 'message_stop' },
];
const textBlock = (index: number): AnthropicStreamEvent[] => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index, delta: { type: 'text_delta', text: 'hi' } },
  { type: 'content_block_stop', index },
];

describe('validateAnthropicEventStream', () => {
  it('accepts a well-formed stream and a lone error', () => {
    expect(() => validateAnthropicEventStream([start, { type: 'ping' }, ...textBlock(0), ...textBlock(1), ...end])).not.toThrow();
    expect(() => validateAnthropicEventStream([{ type: 'error', error: { type: 'api_error', message: 'x' } }])).not.toThrow();
  });

  it('accepts the stream Claude Code took from a mock Anthropic server (clients/claude-code/mock-anthropic-stream-tool_use.sse.txt)', () => {
    const events: AnthropicStreamEvent[] = [];
    const decoder = new SseDecoder({ onEvent: ({ data }) => events.push(JSON.parse(data) as AnthropicStreamEvent) });
    decoder.push(new TextEncoder().encode(readFixture('clients/claude-code/mock-anthropic-stream-tool_use.sse.txt')));
    decoder.end();
    expect(events.map((event) => event.type)).toContain('ping');
    expect(() => validateAnthropicEventStream(events)).not.toThrow();
  });

  it.each<[string, AnthropicStreamEvent[], RegExp]>([
    ['no message_start', [...textBlock(0), ...end], /before message_start/],
    ['index gap', [start, ...textBlock(1), ...end], /expected index 0/],
    ['interleaved blocks', [start, textBlock(0)[0]!, ...textBlock(1), ...end], /still open/],
    ['wrong delta type', [start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } }], /input_json_delta inside a text block/],
    ['unclosed block at message_delta', [start, textBlock(0)[0]!, ...end], /still open/],
    ['no terminal', [start, ...textBlock(0)], /does not end/],
    ['bad tool json', [start, { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'n', input: {} } }, { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a"' } }, { type: 'content_block_stop', index: 0 }, ...end], /not JSON/],
    ['event after message_stop', [start, ...end, { type: 'ping' }], /not the last event/],
  ])('rejects %s', (_name, events, message) => {
    expect(() => validateAnthropicEventStream(events)).toThrow(message);
  });
});
