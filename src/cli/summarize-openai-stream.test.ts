import { describe, expect, it } from 'vitest';
import { summarizeOpenAIStream } from './summarize-openai-stream.js';

async function* bytes(text: string, size: number): AsyncIterable<Uint8Array> {
  const all = new TextEncoder().encode(text);
  for (let offset = 0; offset < all.length; offset += size) yield all.slice(offset, offset + size);
}

const frame = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

describe('summarizeOpenAIStream', () => {
  it('collects tool names, argument fragments and reasoning whatever the byte split', async () => {
    const text = [
      frame({ reasoning: 'thinking…' }),
      frame({ tool_calls: [{ index: 0, function: { name: 'get_weather', arguments: '{"ci' } }] }),
      frame({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Zürich"}' } }] }),
      frame({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ].join('');
    for (const size of [1, 3, 7, text.length]) {
      const summary = await summarizeOpenAIStream(bytes(text, size));
      expect(summary).toMatchObject({ chunks: 4, sawDone: true, finishReason: 'tool_calls', toolNames: ['get_weather'], reasoning: true, error: undefined });
      expect(summary.argumentFragments.join('')).toBe('{"city":"Zürich"}');
    }
  });

  it('reports an error object and a chunk that is not JSON', async () => {
    const summary = await summarizeOpenAIStream(bytes('data: {"error":{"message":"overloaded"}}\n\ndata: nope\n\n', 5));
    expect(summary.error).toBe('overloaded');
    expect((await summarizeOpenAIStream(bytes('data: nope\n\n', 64))).error).toContain('not JSON');
  });
});
