import { describe, expect, it } from 'vitest';
import { OpenAIChunkFrameEncoder } from './encode-chunk-frames.js';
import type { OpenAIChatChunk, OpenAIErrorEnvelope } from './types.js';

const generic = (frames: readonly (OpenAIChatChunk | OpenAIErrorEnvelope)[]) => frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join('');
const chunk = (delta: OpenAIChatChunk['choices'][number]['delta'], finishReason: string | null = null, id = 'chatcmpl-1'): OpenAIChatChunk =>
  ({ id, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'claude-sonnet-4-5', choices: [{ index: 0, delta, finish_reason: finishReason }] });

describe('OpenAIChunkFrameEncoder', () => {
  it.each<[string, OpenAIChatChunk | OpenAIErrorEnvelope]>([
    ['text', chunk({ content: 'He said "hi"\n\u2028 ✓ \\ </script>' })],
    ['empty text', chunk({ content: '' })],
    ['the role chunk', chunk({ role: 'assistant', content: '' })],
    ['reasoning', chunk({ reasoning_content: 'hmm' })],
    ['a tool call', chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] })],
    ['the finish chunk', chunk({}, 'stop')],
    ['text with a finish reason', chunk({ content: 'x' }, 'stop')],
    ['a usage chunk', { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }],
    ['another field', { ...chunk({ content: 'x' }), system_fingerprint: 'fp' }],
    ['another order', { model: 'm', id: 'i', object: 'chat.completion.chunk', created: 1, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] }],
    ['an error', { error: { message: 'overloaded', type: 'server_error', param: null, code: null } }],
  ])('writes the same bytes as JSON.stringify for %s', (_name, frame) => {
    expect(new OpenAIChunkFrameEncoder().encode([frame])).toBe(generic([frame]));
  });

  it('follows a change of id within one stream, and many frames at once', () => {
    const encoder = new OpenAIChunkFrameEncoder();
    const frames = [chunk({ content: 'a' }), chunk({ content: 'b' }, null, 'chatcmpl-2'), chunk({ content: 'c' }, null, 'chatcmpl-2'), chunk({ content: 'd' })];
    expect(encoder.encode(frames)).toBe(generic(frames));
    expect(encoder.encode(frames.slice(1))).toBe(generic(frames.slice(1)));
  });
});
