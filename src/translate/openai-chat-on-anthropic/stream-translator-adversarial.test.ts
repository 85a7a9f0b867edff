import { describe, expect, it } from 'vitest';
import { UpstreamConnectionError } from '../../errors/proxy-error.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { validateOpenAIChunkStream } from '../../../test/support/openai-chunk-validator.js';
import { createAnthropicToOpenAIStreamTranslator } from './stream-translator.js';

const start = { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 1 } } };
const textStart = { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } };
const textDelta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } };

function newTranslator(includeUsage = true) {
  return createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage });
}

describe('stream translator under attack', () => {
  it('error event mid-stream: content so far, then the error payload, then nothing', () => {
    const translator = newTranslator();
    const frames = [start, textStart, textDelta, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }].flatMap((event) => translator.push(event));
    frames.push(...translator.push({ type: 'message_stop' }), ...translator.finish());
    validateOpenAIChunkStream(frames, { includeUsage: true });
    expect(frames.at(-1)).toMatchObject({ error: { type: 'overloaded_error' } });
    expect(translator.phase).toBe('failed');
  });

  it('backendLabel option prefixes in-stream upstream errors', () => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: false, backendLabel: 'claude' });
    expect(translator.push({ type: 'error', error: { type: 'api_error', message: 'boom' } })).toEqual([{ error: expect.objectContaining({ message: 'claude: boom' }) }]);
  });

  it('upstream body ends before message_stop: error payload, no [DONE]', () => {
    const translator = newTranslator();
    const frames = [start, textStart, textDelta].flatMap((event) => translator.push(event));
    const ending = translator.finish();
    expect(ending).toEqual([{ error: expect.objectContaining({ type: 'api_error' }) }]);
    validateOpenAIChunkStream([...frames, ...ending], { includeUsage: true });
    expect(translator.phase).toBe('failed');
  });

  it('empty body: finish() is an error payload', () => {
    const translator = newTranslator();
    expect(translator.finish()).toHaveLength(1);
    expect(translator.phase).toBe('failed');
  });

  it('missing message_stop after message_delta: finish() emits the usage chunk and completes', () => {
    const translator = newTranslator();
    const frames = [start, textStart, textDelta, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }].flatMap((event) => translator.push(event));
    const ending = translator.finish();
    expect(ending).toEqual([expect.objectContaining({ choices: [], usage: expect.objectContaining({ prompt_tokens: 15, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 5 } }) })]);
    validateOpenAIChunkStream([...frames, ...ending], { includeUsage: true });
    expect(translator.phase).toBe('done');
    expect(translator.finish()).toEqual([]);
  });

  it('client/connection failure via fail(): one error payload, idempotent', () => {
    const translator = newTranslator();
    translator.push(start);
    const frames = translator.fail(new UpstreamConnectionError('socket hang up'));
    expect(frames).toEqual([{ error: { message: 'socket hang up', type: 'api_error', param: null, code: null } }]);
    expect(translator.fail(new UpstreamConnectionError('again'))).toEqual([]);
    expect(translator.finish()).toEqual([]);
  });

  it('malformed event (no type) fails the stream', () => {
    const translator = newTranslator();
    translator.push(start);
    expect(translator.push({ foo: 1 })).toEqual([{ error: expect.objectContaining({ type: 'api_error' }) }]);
    expect(translator.phase).toBe('failed');
  });

  it('unknown event types and orphan deltas are ignored with a warning', () => {
    const translator = newTranslator(false);
    expect(translator.push(start)).toHaveLength(1);
    expect(translator.push({ type: 'some_future_event' })).toEqual([]);
    expect(translator.push({ type: 'content_block_delta', index: 7, delta: { type: 'text_delta', text: 'x' } })).toEqual([]);
    expect(translator.warnings.map((warning) => warning.code)).toEqual(['unknown_event', 'orphan_delta']);
  });

  it('tool input sent whole in content_block_start (gateway style) is not lost', () => {
    const translator = newTranslator(false);
    const frames = [
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ].flatMap((event) => translator.push(event));
    validateOpenAIChunkStream(frames, { includeUsage: false });
    expect(frames[1]).toMatchObject({ choices: [{ delta: { tool_calls: [{ index: 0, id: 'toolu_1', function: { name: 'f', arguments: '{"a":1}' } }] } }] });
    expect(frames).toHaveLength(3);
  });

  it('message_stop without message_delta still yields exactly one finish chunk', () => {
    const translator = newTranslator(false);
    const frames = [start, textStart, textDelta, { type: 'message_stop' }].flatMap((event) => translator.push(event));
    validateOpenAIChunkStream(frames, { includeUsage: false });
    expect(translator.phase).toBe('done');
  });
});

describe('a tool call whose input the message cuts off', () => {
  const start = { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [], usage: { input_tokens: 1, output_tokens: 0 } } };
  const toolStart = { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'read', input: {} } };
  const fragment = { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } };

  it('ends in an error frame, never with cut-off arguments (fuzz counterexample: message_stop while the block is open)', () => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: true });
    const frames = [start, toolStart, fragment, { type: 'message_stop' }].flatMap((event) => translator.push(event));
    expect(frames.at(-1)).toMatchObject({ error: { message: expect.stringContaining("in the middle of a tool call's input") } });
    expect(translator.phase).toBe('failed');
    expect(translator.finish()).toEqual([]);
  });

  it('leaves it cut after a max_tokens stop, reported as finish_reason length', () => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: false });
    const stop = { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 5 } };
    const frames = [start, toolStart, fragment, stop, { type: 'message_stop' }].flatMap((event) => translator.push(event));
    expect(frames.at(-1)).toMatchObject({ choices: [{ finish_reason: 'length' }] });
    expect(translator.phase).toBe('done');
  });
});
