import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { decodeReasoningSignature } from '../reasoning-signature.js';
import { validateAnthropicEventStream } from '../../../test/support/anthropic-stream-validator.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import {
  everyNthOffset,
  readUpstreamFixture,
  replayOpenAIStream,
} from '../../../test/support/replay-openai-stream.js';
import { openAIChatStreamFixtures } from '../../../test/support/fixture-sets.js';
import { summarizeAnthropicEvents } from '../../../test/support/summarize-anthropic-events.js';
import { createOpenAIToAnthropicStreamTranslator } from './stream-translator.js';

const backendId = 'openai:https://backend.test/v1';

/** Paths relative to test/fixtures/upstream, as readUpstreamFixture takes them. */
function listStreamFixtures(): string[] {
  return openAIChatStreamFixtures().map((fixture) => fixture.slice('upstream/'.length));
}

function replay(fixture: string, splits: readonly number[] = [], stopSequences?: string[]) {
  const translator = createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext({ backendId }), { stopSequences });
  const events = replayOpenAIStream(readUpstreamFixture(fixture), translator, splits);
  return { events, translator };
}

/** Single cuts at every offset are O(n²); beyond this size they are sampled (plus the full byte-by-byte run). */
const everyOffsetLimit = 4_000;

function singleCutOffsets(length: number): number[] {
  if (length <= everyOffsetLimit) return everyNthOffset(length, 1);
  const head = everyNthOffset(Math.min(length, 1_000), 1);
  const tail = everyNthOffset(1_000, 1).map((offset) => length - offset);
  let seed = length;
  const random = Array.from({ length: 200 }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; // deterministic LCG: failures reproduce
    return 1 + (seed % (length - 1));
  });
  return [...head, ...tail, ...random];
}

describe('every openai-chat stream fixture', () => {
  for (const fixture of listStreamFixtures()) {
    describe(fixture, () => {
      const whole = replay(fixture);
      const expected = JSON.stringify(whole.events);

      it('translates to a valid Anthropic event stream (snapshot)', () => {
        validateAnthropicEventStream(whole.events);
        expect(summarizeAnthropicEvents(whole.events)).toMatchSnapshot();
      });

      it('gives identical events however the bytes are split', () => {
        const length = readUpstreamFixture(fixture).length;
        expect(JSON.stringify(replay(fixture, everyNthOffset(length, 1)).events)).toBe(expected);
        for (let phase = 1; phase < 8; phase += 1) {
          expect(JSON.stringify(replay(fixture, everyNthOffset(length, 8, phase)).events)).toBe(expected);
        }
        for (const offset of singleCutOffsets(length)) {
          const got = JSON.stringify(replay(fixture, [offset]).events);
          if (got !== expected) expect.fail(`split at byte ${offset} changed the output`);
        }
      });
    });
  }
});

type BlockStart = Extract<AnthropicStreamEvent, { type: 'content_block_start' }>;
type MessageDelta = Extract<AnthropicStreamEvent, { type: 'message_delta' }>;

function blocks(events: AnthropicStreamEvent[]): BlockStart['content_block'][] {
  return events.filter((e): e is BlockStart => e.type === 'content_block_start').map((e) => e.content_block);
}

function messageDelta(events: AnthropicStreamEvent[]): MessageDelta {
  const delta = events.find((e): e is MessageDelta => e.type === 'message_delta');
  if (!delta) throw new Error('no message_delta');
  return delta;
}

function blockText(events: AnthropicStreamEvent[], index: number): string {
  let text = '';
  for (const e of events) {
    if (e.type !== 'content_block_delta' || e.index !== index) continue;
    if (e.delta.type === 'text_delta') text += e.delta.text;
    if (e.delta.type === 'thinking_delta') text += e.delta.thinking;
    if (e.delta.type === 'input_json_delta') text += e.delta.partial_json;
  }
  return text;
}

function signatureOf(events: AnthropicStreamEvent[], index: number) {
  const event = events.find((e) => e.type === 'content_block_delta' && e.index === index && e.delta.type === 'signature_delta');
  return event?.type === 'content_block_delta' && event.delta.type === 'signature_delta' ? decodeReasoningSignature(event.delta.signature) : undefined;
}

describe('fixture facts', () => {
  it('deepseek: reasoning becomes a thinking block, then the tool_use with its id and name', () => {
    const { events } = replay('openai-chat/deepseek/stream-reasoning-then-tool-call.sse');
    const [thinking, tool] = blocks(events);
    expect(thinking?.type).toBe('thinking');
    expect(tool).toMatchObject({ type: 'tool_use', name: 'weather' });
    expect(tool?.type === 'tool_use' && tool.id.length).toBeGreaterThan(0);
    expect(JSON.parse(blockText(events, 1))).toEqual({ location: 'San Francisco' });
    expect(signatureOf(events, 0)).toEqual({ backendId });
    expect(messageDelta(events).delta.stop_reason).toBe('tool_use');
  });

  it('gemini vertex: unstable index keyed by id gives two calls with whole arguments and a thought signature first', () => {
    const { events } = replay('openai-chat/gemini/stream-vertex-streamed-tool-args-unstable-index.sse');
    expect(blocks(events).map((b) => b.type)).toEqual(['thinking', 'tool_use', 'tool_use']);
    expect(JSON.parse(blockText(events, 1))).toEqual({ location: 'Boston, MA', unit: 'celsius' });
    expect(JSON.parse(blockText(events, 2))).toEqual({ location: 'New Delhi, India', unit: 'celsius' });
    expect(signatureOf(events, 0)?.thoughtSignatures).toEqual({ 'function-call-c855348a-459a-46a4-a8ad-aa0a4e7c3563': '...' });
    expect(messageDelta(events).usage).toEqual({ input_tokens: 27, output_tokens: 45 });
  });

  it('openrouter gemini parallel: two tool_use blocks with the right args, encrypted reasoning carried', () => {
    const { events } = replay('openai-chat/openrouter/stream-gemini-parallel-tool-calls.sse');
    const tools = blocks(events).filter((b) => b.type === 'tool_use');
    expect(tools.map((b) => b.type === 'tool_use' && b.name)).toEqual(['add', 'multiply']);
    expect(JSON.parse(blockText(events, 1))).toEqual({ a: 2, b: 3 });
    expect(signatureOf(events, 0)?.reasoningDetails?.[0]).toMatchObject({ type: 'reasoning.encrypted', format: 'google-gemini-v1' });
  });

  it('alibaba: empty-id continuations continue the call instead of starting new ones', () => {
    const { events } = replay('openai-chat/alibaba/stream-tool-call-empty-id-continuations.sse');
    expect(blocks(events)).toEqual([{ type: 'tool_use', id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', input: {} }]);
    expect(JSON.parse(blockText(events, 0))).toEqual({ location: 'San Francisco' });
  });

  it('mistral: a continuation with name "" keeps the real name; a call without index works', () => {
    const empty = replay('openai-chat/mistral/stream-tool-call-incremental-empty-name.sse').events;
    expect(blocks(empty)).toEqual([{ type: 'tool_use', id: 'chatcmpl-tool-9f149c74c42f265b', name: 'webSearchTool', input: {} }]);
    expect(JSON.parse(blockText(empty, 0))).toEqual({ query: 'current Berlin weather' });
    const noIndex = replay('openai-chat/mistral/stream-tool-call-no-index.sse').events;
    expect(blocks(noIndex)).toEqual([{ type: 'tool_use', id: 'gSIMJiOkT', name: 'weather', input: {} }]);
  });

  it('mistral magistral: thinking parts of content arrays become a thinking block before the text', () => {
    const { events } = replay('openai-chat/mistral/stream-magistral-thinking-content-array.sse');
    expect(blocks(events).map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(blockText(events, 0).startsWith('Okay, the user is asking how to cross the street.')).toBe(true);
  });

  it('refusal -> stop_reason refusal with the refusal text; length -> max_tokens', () => {
    const refusal = replay('openai-chat/openai/stream-refusal.sse').events;
    expect(messageDelta(refusal).delta.stop_reason).toBe('refusal');
    expect(blockText(refusal, 0)).toBe("I'm sorry, I can't assist with that request.");
    expect(messageDelta(replay('openai-chat/openai/stream-finish-reason-length.sse').events).delta.stop_reason).toBe('max_tokens');
  });

  it('usage comes from the usage chunk after the finish chunk, cached tokens split out', () => {
    const { events, translator } = replay('openai-chat/avian/stream-id-switch-reasoning-details-tool-call.sse');
    expect(messageDelta(events).usage).toEqual({ input_tokens: 12, output_tokens: 96, cache_read_input_tokens: 64, cache_creation_input_tokens: 0 });
    expect(translator.usage).toEqual({ inputTokens: 12, outputTokens: 96, cacheReadInputTokens: 64, cacheCreationInputTokens: 0 });
    const plain = replay('openai-chat/openai/stream-text-plain.sse').events;
    expect(messageDelta(plain).usage).toEqual({ input_tokens: 14, output_tokens: 30 });
  });

  it('avian: reasoning sent twice (reasoning_content + reasoning_details) is shown once, details merged', () => {
    const { events } = replay('openai-chat/avian/stream-id-switch-reasoning-details-tool-call.sse');
    const thinking = blockText(events, 0);
    expect(thinking.startsWith('The user is asking for')).toBe(true);
    const details = signatureOf(events, 0)?.reasoningDetails ?? [];
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({ type: 'reasoning.text', text: thinking });
  });

  it('n=3: only choice 0 is streamed, with a warning', () => {
    const { events, translator } = replay('openai-chat/openai/stream-n3-multiple-choices.sse');
    expect(blocks(events)).toHaveLength(1);
    expect(translator.warnings.map((w) => w.code)).toContain('dropped_choices');
  });

  it('groq event: error mid-stream ends with an invalid_request_error event and no message_stop', () => {
    const { events, translator } = replay('openai-chat/groq/stream-error-event-tool-use-failed.sse');
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(events.some((e) => e.type === 'message_stop')).toBe(false);
    expect(translator.failure?.code).toBe('tool_use_failed');
  });

  it('openrouter error after finish_reason length: the turn ends normally as max_tokens, warned', () => {
    const { events, translator } = replay('openai-chat/openrouter/stream-error-after-finish-length.sse');
    expect(messageDelta(events).delta.stop_reason).toBe('max_tokens');
    expect(messageDelta(events).usage.output_tokens).toBe(10);
    expect(translator.warnings.map((w) => w.code)).toContain('upstream_error_after_finish');
  });

  it('ollama: no [DONE] but a finish_reason is a complete stream; missing usage is warned, not invented', () => {
    const { events, translator } = replay('openai-chat/ollama/stream-parallel-tool-calls-whole.sse');
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    expect(messageDelta(events).usage).toEqual({ output_tokens: 0 });
    expect(translator.warnings.map((w) => w.code)).toContain('missing_usage');
  });
});
