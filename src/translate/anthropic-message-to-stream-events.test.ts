import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAnthropicEventStream } from '../../test/support/anthropic-stream-validator.js';
import { anthropicNonStreamFixtures } from '../../test/support/fixture-sets.js';
import type { AnthropicMessage } from '../protocols/anthropic/types.js';
import { anthropicMessageToStreamEvents } from './anthropic-message-to-stream-events.js';

const folder = new URL('../../test/fixtures/', import.meta.url);
const messages = anthropicNonStreamFixtures().map((fixture) => ({
  file: fixture.slice(fixture.lastIndexOf('/') + 1),
  message: JSON.parse(readFileSync(new URL(fixture, folder), 'utf8')) as AnthropicMessage,
}));

/** The message a client SDK would assemble from the events. */
function reassemble(events: ReturnType<typeof anthropicMessageToStreamEvents>): AnthropicMessage['content'] {
  const blocks: Array<Record<string, unknown>> = [];
  const json: string[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') {
      blocks[event.index] = { ...event.content_block };
      json[event.index] = '';
    } else if (event.type === 'content_block_delta') {
      const block = blocks[event.index]!;
      const { delta } = event;
      if (delta.type === 'text_delta') block.text = String(block.text) + delta.text;
      if (delta.type === 'thinking_delta') block.thinking = String(block.thinking) + delta.thinking;
      if (delta.type === 'signature_delta') block.signature = delta.signature;
      if (delta.type === 'input_json_delta') json[event.index] += delta.partial_json;
    } else if (event.type === 'content_block_stop' && blocks[event.index]!.type === 'tool_use') {
      blocks[event.index]!.input = JSON.parse(json[event.index]!);
    }
  }
  return blocks as AnthropicMessage['content'];
}

/** Recorded text blocks carry `citations: null`, which a stream's text block never has. */
const withoutNullCitations = (content: AnthropicMessage['content']): unknown =>
  JSON.parse(JSON.stringify(content, (key, value: unknown) => (key === 'citations' && value === null ? undefined : value)));

describe('anthropicMessageToStreamEvents (a backend that ignored stream: true)', () => {
  it('has recorded messages to replay', () => expect(messages.length).toBeGreaterThanOrEqual(4));

  for (const { file, message } of messages) {
    it(`${file}: a grammar-valid stream that reassembles to the same message`, () => {
      const events = anthropicMessageToStreamEvents(message);
      validateAnthropicEventStream(events);
      expect(reassemble(events)).toEqual(withoutNullCitations(message.content));
      const last = events.at(-2);
      expect(last).toMatchObject({ type: 'message_delta', delta: { stop_reason: message.stop_reason } });
    });
  }
});
