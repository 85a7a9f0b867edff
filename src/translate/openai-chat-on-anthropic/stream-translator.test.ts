import { describe, expect, it } from 'vitest';
import type { OpenAIChatChunk } from '../../protocols/openai/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { validateOpenAIChunkStream } from '../../../test/support/openai-chunk-validator.js';
import { readFixture } from '../../../test/support/mock-openai-backend.js';
import { readAnthropicFixtureBytes, replayAnthropicStream } from '../../../test/support/replay-anthropic-stream.js';
import { type OpenAIStreamFrame, createAnthropicToOpenAIStreamTranslator } from './stream-translator.js';

const streamFixtures = [
  'stream-error-event-overloaded.sse',
  'stream-max-tokens-mid-tool-input.sse',
  'stream-message-delta-input-tokens-differ.sse',
  'stream-redacted-thinking.sse',
  'stream-refusal-stop-details.sse',
  'stream-text-short-raw.sse',
  'stream-text-then-parallel-tool-use.sse',
  'stream-text-then-tool-use-empty-input.sse',
  'stream-text-then-tool-use-raw.sse',
  'stream-thinking-then-text-raw.sse',
];

function replay(name: string, offsets: readonly number[] = [], includeUsage = true): OpenAIStreamFrame[] {
  const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage });
  return replayAnthropicStream(readAnthropicFixtureBytes(name), offsets, translator);
}

function chunksOf(frames: OpenAIStreamFrame[]): OpenAIChatChunk[] {
  return frames.filter((frame): frame is OpenAIChatChunk => !('error' in frame));
}

function contentOf(frames: OpenAIStreamFrame[]): string {
  return chunksOf(frames).map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

function reasoningOf(frames: OpenAIStreamFrame[]): string {
  return chunksOf(frames).map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
}

function toolCallsOf(frames: OpenAIStreamFrame[]): Array<{ id: string; name: string; arguments: string }> {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const delta of chunksOf(frames).flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])) {
    const index = delta.index ?? -1;
    calls[index] ??= { id: delta.id ?? '', name: delta.function?.name ?? '', arguments: '' };
    calls[index].arguments += delta.function?.arguments ?? '';
  }
  return calls;
}

function finishReasonOf(frames: OpenAIStreamFrame[]): string | null | undefined {
  return chunksOf(frames).find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason;
}

/** Deterministic PRNG so a failing random split can be reproduced. */
function randomOffsets(seed: number, length: number, count: number): number[] {
  let value = seed;
  const next = (): number => (value = (value * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return [...new Set(Array.from({ length: count }, () => Math.floor(next() * length)))].sort((a, b) => a - b);
}

describe.each(streamFixtures)('replay %s', (name) => {
  it('produces a valid chunk stream, with and without usage', () => {
    validateOpenAIChunkStream(replay(name, [], true), { includeUsage: true });
    validateOpenAIChunkStream(replay(name, [], false), { includeUsage: false });
  });

  it('gives identical output split at every byte offset and at random offsets', () => {
    // Compared as JSON text: a deep toEqual per offset makes the 16 KB fixture needlessly slow.
    const whole = JSON.stringify(replay(name));
    const length = readAnthropicFixtureBytes(name).length;
    const splits = [...Array.from({ length: length - 1 }, (_, i) => [i + 1]), ...Array.from({ length: 20 }, (_, seed) => randomOffsets(seed + 1, length, 40))];
    const differing = splits.filter((offsets) => JSON.stringify(replay(name, offsets)) !== whole);
    expect(differing).toEqual([]);
  });

  it('matches the snapshot', () => {
    expect(replay(name)).toMatchSnapshot();
  });
});

describe('stream translation, concrete', () => {
  it('text: role chunk first, text, stop, usage with final counts', () => {
    const frames = replay('stream-text-short-raw.sse');
    expect(chunksOf(frames)[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(contentOf(frames)).toBe('2');
    expect(finishReasonOf(frames)).toBe('stop');
    expect(frames.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 } });
    expect(frames.every((frame) => !('error' in frame) && frame.id === 'chatcmpl-1' && frame.model === 'claude-sonnet-4-5')).toBe(true);
  });

  it('a stream without usage anywhere: zero counts and a missing_usage warning', () => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: true });
    const events = [
      { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5' } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' } },
      { type: 'message_stop' },
    ];
    const frames = [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
    expect(frames.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
    expect(translator.warnings.map((warning) => warning.code)).toEqual(['missing_usage']);
  });

  it('message_delta usage wins over message_start usage', () => {
    expect(replay('stream-message-delta-input-tokens-differ.sse').at(-1)).toMatchObject({ usage: { prompt_tokens: 61, completion_tokens: 2 } });
  });

  it('tool_use: id and name first, then argument fragments, finish tool_calls', () => {
    const frames = replay('stream-text-then-tool-use-raw.sse');
    expect(toolCallsOf(frames)).toEqual([{ id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather', arguments: '{"location": "Paris"}' }]);
    expect(finishReasonOf(frames)).toBe('tool_calls');
  });

  it('parallel tool_use blocks (Anthropic index 1 and 2) become tool call index 0 and 1', () => {
    const calls = toolCallsOf(replay('stream-text-then-parallel-tool-use.sse'));
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([['add', { a: 2, b: 3 }], ['multiply', { a: 2, b: 3 }]]);
  });

  it('empty tool input becomes "{}"', () => {
    expect(toolCallsOf(replay('stream-text-then-tool-use-empty-input.sse'))).toEqual([{ id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', arguments: '{}' }]);
  });

  it('max_tokens mid tool input: finish length, partial arguments kept as sent', () => {
    const frames = replay('stream-max-tokens-mid-tool-input.sse');
    expect(finishReasonOf(frames)).toBe('length');
    expect(toolCallsOf(frames)[0]?.arguments.startsWith('{"filename": "taxes.txt", "lines_of_text"')).toBe(true);
  });

  it('thinking deltas become reasoning_content, signature is dropped', () => {
    const frames = replay('stream-thinking-then-text-raw.sse');
    expect(reasoningOf(frames)).toMatch(/^This is a straightforward question about pedestrian safety\./);
    expect(JSON.stringify(frames)).not.toContain('signature');
    expect(contentOf(frames).length).toBeGreaterThan(0);
  });

  it('redacted_thinking produces nothing but a warning', () => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: false });
    const frames = replayAnthropicStream(readAnthropicFixtureBytes('stream-redacted-thinking.sse'), [], translator);
    expect(reasoningOf(frames)).toBe('');
    expect(translator.warnings.filter((warning) => warning.code === 'dropped_block')).toHaveLength(2);
  });

  it('refusal with no content: content_filter', () => {
    expect(finishReasonOf(replay('stream-refusal-stop-details.sse'))).toBe('content_filter');
  });

  it('the stream Claude Code takes from Anthropic (clients/claude-code/mock-anthropic-stream-tool_use.sse.txt): text, then a Bash call', () => {
    const bytes = new TextEncoder().encode(readFixture('clients/claude-code/mock-anthropic-stream-tool_use.sse.txt'));
    const frames = replayAnthropicStream(bytes, [], createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: true }));
    validateOpenAIChunkStream(frames, { includeUsage: true });
    expect(contentOf(frames)).toBe('I will call Bash.');
    expect(toolCallsOf(frames)).toEqual([{ id: 'toolu_mock02444302fd7d825e4e159dd0', name: 'Bash', arguments: '{"command":"echo proxy-ok","description":"Print proxy-ok"}' }]);
    expect(finishReasonOf(frames)).toBe('tool_calls');
    expect(frames.at(-1)).toMatchObject({ usage: { prompt_tokens: 8, completion_tokens: 47 } });
  });

  it('error event as first event: one OpenAI error payload, phase failed', () => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: true });
    const frames = replayAnthropicStream(readAnthropicFixtureBytes('stream-error-event-overloaded.sse'), [], translator);
    expect(frames).toEqual([{ error: { message: 'anthropic:https://api.anthropic.com: Overloaded', type: 'overloaded_error', param: null, code: 'overloaded_error' } }]);
    expect(translator.phase).toBe('failed');
    expect(translator.failure?.kind).toBe('overloaded');
  });
});
