import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';

/**
 * Checks a list of Anthropic stream events against the Messages streaming grammar and throws a
 * precise error on the first violation:
 *   message_start (content_block_start content_block_delta* content_block_stop)*
 *   message_delta message_stop   |   ... error  (error may end the stream anywhere)
 * with block indexes 0, 1, 2, ... opened one at a time, delta types matching block types,
 * `ping` allowed anywhere after message_start, and each tool_use's streamed JSON parseable; a
 * server_tool_use streams its input like a tool_use, a web_search_tool_result starts whole (no
 * deltas) and answers a server_tool_use of the same message.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */

const deltaTypesByBlock: Record<string, string[]> = {
  text: ['text_delta', 'citations_delta'],
  tool_use: ['input_json_delta'],
  server_tool_use: ['input_json_delta'],
  web_search_tool_result: [],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
};

interface ValidatorState {
  started: boolean;
  openIndex: number | undefined;
  openType: string | undefined;
  nextIndex: number;
  toolJson: string;
  sawMessageDelta: boolean;
  /** ids of the server_tool_use blocks so far. */
  serverToolIds: Set<string>;
}

function fail(position: number, event: AnthropicStreamEvent | undefined, reason: string): never {
  throw new Error(`Invalid Anthropic stream at event #${position} (${event?.type ?? 'end'}): ${reason}`);
}

function checkBlockStart(s: ValidatorState, event: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>, at: number): void {
  if (s.openIndex !== undefined) fail(at, event, `block ${s.openIndex} is still open`);
  if (event.index !== s.nextIndex) fail(at, event, `expected index ${s.nextIndex}, got ${event.index}`);
  const block = event.content_block;
  if (!(block.type in deltaTypesByBlock)) fail(at, event, `unknown block type ${block.type}`);
  if (block.type === 'tool_use') {
    if (typeof block.id !== 'string' || block.id === '') fail(at, event, 'tool_use without id');
    if (typeof block.name !== 'string' || block.name === '') fail(at, event, 'tool_use without name');
    if (JSON.stringify(block.input) !== '{}') fail(at, event, 'tool_use start input must be {}');
  }
  if (block.type === 'server_tool_use') {
    if (!block.id.startsWith('srvtoolu_')) fail(at, event, `server_tool_use id ${block.id} is not srvtoolu_…`);
    if (JSON.stringify(block.input) !== '{}') fail(at, event, 'server_tool_use start input must be {}');
    s.serverToolIds.add(block.id);
  }
  if (block.type === 'web_search_tool_result') {
    if (!s.serverToolIds.has(block.tool_use_id)) fail(at, event, `web_search_tool_result for unknown ${block.tool_use_id}`);
    if (!Array.isArray(block.content)) fail(at, event, 'web_search_tool_result content is not a list');
  }
  if (block.type === 'text' && block.text !== '') fail(at, event, 'text block must start empty');
  if (block.type === 'thinking' && typeof block.thinking !== 'string') fail(at, event, 'thinking without text field');
  s.openIndex = event.index;
  s.openType = block.type;
  s.nextIndex += 1;
  s.toolJson = '';
}

function checkBlockDelta(s: ValidatorState, event: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>, at: number): void {
  if (s.openIndex !== event.index) fail(at, event, `delta for index ${event.index} but open block is ${s.openIndex}`);
  const allowed = deltaTypesByBlock[s.openType ?? ''] ?? [];
  if (!allowed.includes(event.delta.type)) fail(at, event, `${event.delta.type} inside a ${s.openType} block`);
  if (event.delta.type === 'input_json_delta') s.toolJson += event.delta.partial_json;
  if (event.delta.type === 'text_delta' && typeof event.delta.text !== 'string') fail(at, event, 'text_delta without text');
}

function checkBlockStop(s: ValidatorState, event: Extract<AnthropicStreamEvent, { type: 'content_block_stop' }>, at: number): void {
  if (s.openIndex !== event.index) fail(at, event, `stop for index ${event.index} but open block is ${s.openIndex}`);
  if ((s.openType === 'tool_use' || s.openType === 'server_tool_use') && s.toolJson.trim() !== '') {
    try {
      JSON.parse(s.toolJson);
    } catch {
      fail(at, event, `tool_use input is not JSON: ${s.toolJson.slice(0, 200)}`);
    }
  }
  s.openIndex = undefined;
  s.openType = undefined;
}

function checkMessageDelta(s: ValidatorState, event: Extract<AnthropicStreamEvent, { type: 'message_delta' }>, at: number): void {
  if (s.openIndex !== undefined) fail(at, event, `block ${s.openIndex} still open`);
  if (s.sawMessageDelta) fail(at, event, 'second message_delta');
  if (typeof event.usage?.output_tokens !== 'number') fail(at, event, 'usage.output_tokens missing');
  s.sawMessageDelta = true;
}

function checkEvent(s: ValidatorState, event: AnthropicStreamEvent, at: number, isLast: boolean): void {
  if (event.type !== 'message_start' && event.type !== 'error' && !s.started) fail(at, event, 'before message_start');
  if (s.sawMessageDelta && event.type !== 'message_stop' && event.type !== 'ping') fail(at, event, 'after message_delta');
  switch (event.type) {
    case 'message_start':
      if (s.started) fail(at, event, 'second message_start');
      if (event.message.role !== 'assistant' || !Array.isArray(event.message.content)) fail(at, event, 'bad message');
      s.started = true;
      return;
    case 'content_block_start':
      return checkBlockStart(s, event, at);
    case 'content_block_delta':
      return checkBlockDelta(s, event, at);
    case 'content_block_stop':
      return checkBlockStop(s, event, at);
    case 'message_delta':
      return checkMessageDelta(s, event, at);
    case 'message_stop':
      if (!s.sawMessageDelta) fail(at, event, 'message_stop without message_delta');
      if (!isLast) fail(at, event, 'message_stop is not the last event');
      return;
    case 'ping':
      return;
    case 'error':
      if (!isLast) fail(at, event, 'error is not the last event');
      if (typeof event.error?.type !== 'string' || typeof event.error.message !== 'string') fail(at, event, 'bad error body');
      return;
    default: {
      const unknown: never = event;
      fail(at, unknown, 'unknown event type');
    }
  }
}

/** Throws with the first grammar violation in `events`; returns when the stream is valid and terminated. */
export function validateAnthropicEventStream(events: AnthropicStreamEvent[]): void {
  const state: ValidatorState = { started: false, openIndex: undefined, openType: undefined, nextIndex: 0, toolJson: '', sawMessageDelta: false, serverToolIds: new Set() };
  events.forEach((event, i) => checkEvent(state, event, i, i === events.length - 1));
  const last = events[events.length - 1];
  if (last?.type !== 'message_stop' && last?.type !== 'error') fail(events.length, undefined, 'stream does not end with message_stop or error');
}
