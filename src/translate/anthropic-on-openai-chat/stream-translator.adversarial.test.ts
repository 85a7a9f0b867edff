import { describe, expect, it } from 'vitest';
import { decodeReasoningSignature } from '../reasoning-signature.js';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { replayOpenAIStream } from '../../../test/support/replay-openai-stream.js';
import { createOpenAIToAnthropicStreamTranslator, type StreamTranslatorOptions } from './stream-translator.js';

function sse(...payloads: Array<string | object>): Uint8Array {
  const text = payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join('');
  return new TextEncoder().encode(text);
}

function chunk(delta: object, finishReason: string | null = null, extra: object = {}) {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra };
}

const usageChunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5 } };

function run(bytes: Uint8Array, options: StreamTranslatorOptions = {}) {
  const translator = createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext(), options);
  const events = replayOpenAIStream(bytes, translator);
  validateAnthropicEventStream(events);
  return { events, translator };
}

describe('stream translator under attack', () => {
  it('missing [DONE] after a finish_reason still ends with message_stop', () => {
    const { events } = run(sse(chunk({ content: 'hi' }), chunk({}, 'stop'), usageChunk));
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
  });

  it('truncated stream (no finish_reason, no [DONE]) ends with an api_error event, never message_stop', () => {
    const { events, translator } = run(sse(chunk({ content: 'half an ans' })));
    expect(events.at(-1)).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream stream ended unexpectedly' } });
    expect(events.some((e) => e.type === 'message_stop' || e.type === 'message_delta')).toBe(false);
    expect(translator.isDone).toBe(true);
  });

  it('finish({ truncated: true }) forces the error ending even after a finish_reason', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext());
    translator.push(chunk({ content: 'x' }, 'stop'));
    expect(translator.finish({ truncated: true }).map((e) => e.type)).toEqual(['error']);
    expect(translator.finish()).toEqual([]);
  });

  it('error as the first event yields a lone error event (no message_start)', () => {
    const { events } = run(sse({ error: { message: 'Rate limited', type: 'rate_limit_error', code: 429 } }));
    expect(events).toEqual([{ type: 'error', error: { type: 'rate_limit_error', message: 'upstream: Rate limited' } }]);
  });

  it('malformed chunk JSON fails the stream with an api_error via translator.fail', () => {
    const { events, translator } = run(sse(chunk({ content: 'ok' }), '{"choices":[{"delta":', '[DONE]'));
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(translator.failure?.status).toBe(502);
  });

  it('unknown chunk shapes are ignored with one warning', () => {
    const { events, translator } = run(sse('"keepalive"', { object: 'something.else' }, chunk({ content: 'a' }, 'stop'), '[DONE]'));
    expect(events.filter((e) => e.type === 'content_block_start')).toHaveLength(1);
    expect(translator.warnings.filter((w) => w.code === 'unknown_chunk')).toHaveLength(1);
  });

  it('empty tool arguments give a tool_use block without input deltas (client sees {})', () => {
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'ls', arguments: '' } };
    const { events } = run(sse(chunk({ tool_calls: [call] }), chunk({}, 'tool_calls'), '[DONE]'));
    expect(events.filter((e) => e.type === 'content_block_delta')).toEqual([]);
    expect(events).toContainEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_1', name: 'ls', input: {} } });
  });

  it('tool call without index or id continues the current call; a missing id is generated', () => {
    const first = { function: { name: 'read', arguments: '{"pa' } };
    const rest = { function: { arguments: 'th":"a"}' } };
    const { events } = run(sse(chunk({ tool_calls: [first] }), chunk({ tool_calls: [rest] }, 'tool_calls'), '[DONE]'));
    const start = events.find((e) => e.type === 'content_block_start');
    expect(start).toMatchObject({ content_block: { type: 'tool_use', id: 'toolu_1', name: 'read' } });
    expect(events.filter((e) => e.type === 'content_block_start')).toHaveLength(1);
  });

  it('arguments before the name wait for it; the block starts with the real name', () => {
    const noName = { index: 0, id: 'call_9', function: { arguments: '{"q":' } };
    const named = { index: 0, function: { name: 'search', arguments: '1}' } };
    const { events } = run(sse(chunk({ tool_calls: [noName] }), chunk({ tool_calls: [named] }, 'tool_calls'), '[DONE]'));
    const json = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : []));
    expect(events[1]).toMatchObject({ type: 'content_block_start', content_block: { name: 'search' } });
    expect(json.join('')).toBe('{"q":1}');
  });

  it('unclosed tool JSON is completed at block close, but never after finish_reason length', () => {
    const call = { index: 0, id: 'c', function: { name: 'f', arguments: '{"a":{"b":1' } };
    const closed = run(sse(chunk({ tool_calls: [call] }), chunk({}, 'tool_calls'), '[DONE]'));
    expect(closed.translator.warnings.map((w) => w.code)).toContain('repaired_tool_arguments');
    const cut = createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext());
    const events = replayOpenAIStream(sse(chunk({ tool_calls: [call] }), chunk({}, 'length'), '[DONE]'), cut);
    expect(events.filter((e) => e.type === 'content_block_delta')).toHaveLength(1);
  });

  it('content:null, role-only and empty-string deltas open no block', () => {
    const { events } = run(sse(chunk({ role: 'assistant' }), chunk({ content: null }), chunk({ content: '' }), chunk({}, 'stop'), '[DONE]'));
    expect(events.map((e) => e.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('a Gemini thought signature on a text delta is carried in a thinking block before the text', () => {
    const delta = { content: 'Noon.', extra_content: { google: { thought_signature: 'sig-A' } } };
    const { events } = run(sse(chunk(delta, 'stop'), '[DONE]'));
    const signature = events.find((e) => e.type === 'content_block_delta' && e.delta.type === 'signature_delta');
    expect(signature?.type === 'content_block_delta' && signature.delta.type === 'signature_delta' && decodeReasoningSignature(signature.delta.signature)?.thoughtSignatures).toEqual({ '': 'sig-A' });
    expect(events.filter((e) => e.type === 'content_block_start').map((e) => e.type === 'content_block_start' && e.content_block.type)).toEqual(['thinking', 'text']);
  });

  it('vLLM stop_reason naming a client stop sequence -> stop_sequence', () => {
    const finish = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop', stop_reason: 'END' }] };
    const { events } = run(sse(chunk({ content: 'x' }), finish, '[DONE]'), { stopSequences: ['END'] });
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' } });
  });

  it('message_start carries the input estimate; pushes after the end produce nothing', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext(), { inputTokensEstimate: 123 });
    const [start] = translator.push(chunk({ content: 'x' }));
    expect(start).toMatchObject({ type: 'message_start', message: { usage: { input_tokens: 123, output_tokens: 0 } } });
    translator.finish();
    expect(translator.push(chunk({ content: 'more' }))).toEqual([]);
    expect(translator.fail(new Error('x') as never)).toEqual([]);
  });
});
