import type { AnthropicMessage, AnthropicStreamEvent } from '../protocols/anthropic/types.js';

/**
 * A complete Anthropic message as the event sequence a stream would have carried. Used when a
 * backend ignores `stream: true` and answers with one JSON body: the client still gets a stream.
 */
export function anthropicMessageToStreamEvents(message: AnthropicMessage): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 0 } },
    },
  ];
  message.content.forEach((block, index) => {
    events.push(...blockEvents(block, index));
  });
  events.push(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: {
        output_tokens: message.usage.output_tokens,
        ...(message.usage.server_tool_use ? { server_tool_use: message.usage.server_tool_use } : {}),
      },
    },
    { type: 'message_stop' },
  );
  return events;
}

function blockEvents(block: AnthropicMessage['content'][number], index: number): AnthropicStreamEvent[] {
  switch (block.type) {
    case 'text':
      return [
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } },
        // As Anthropic streams them: each citation of the block as a citations_delta.
        ...(block.citations ?? []).map((citation): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } })),
        { type: 'content_block_stop', index },
      ];
    case 'server_tool_use':
      return [
        { type: 'content_block_start', index, content_block: { type: 'server_tool_use', id: block.id, name: block.name, input: {} } },
        { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } },
        { type: 'content_block_stop', index },
      ];
    case 'web_search_tool_result':
      // Anthropic starts a result block whole and sends no deltas for it.
      return [
        { type: 'content_block_start', index, content_block: block },
        { type: 'content_block_stop', index },
      ];
    case 'thinking':
      return [
        { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
        { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } },
        { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } },
        { type: 'content_block_stop', index },
      ];
    case 'redacted_thinking':
      return [
        { type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: block.data } },
        { type: 'content_block_stop', index },
      ];
    case 'tool_use':
      return [
        { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } },
        { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) } },
        { type: 'content_block_stop', index },
      ];
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}
