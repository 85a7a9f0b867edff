import { sseDataPayloads } from '../../../test/support/sse-data-payloads.js';
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { UpstreamTimeoutError } from '../../errors/proxy-error.js';
import { createOpenAIToAnthropicStreamTranslator } from '../anthropic-on-openai-chat/stream-translator.js';
import { anthropicNonStreamFixtures, openAIChatStreamFixtures } from '../../../test/support/fixture-sets.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { readAnthropicFixtureBytes } from '../../../test/support/replay-anthropic-stream.js';
import { everyNthOffset, readUpstreamFixture, replayOpenAIStream } from '../../../test/support/replay-openai-stream.js';
import { validateResponsesEvents } from '../../../test/support/responses-stream-validator.js';
import { readFileSync } from 'node:fs';
import { convertResponsesTools } from './convert-tools.js';
import { convertAnthropicMessageToResponse } from './convert-response.js';
import { createAnthropicToResponsesStreamTranslator } from './stream-translator.js';

const { toolMap } = convertResponsesTools([], []);
const echo = { model: 'gpt-5-codex' };

/** Anthropic SSE bytes (cut at `splits`) -> Anthropic events. */
function anthropicEventsOf(bytes: Uint8Array, splits: readonly number[] = []): AnthropicStreamEvent[] {
  return sseDataPayloads(bytes, splits).map((data) => JSON.parse(data) as AnthropicStreamEvent);
}

function translate(events: readonly AnthropicStreamEvent[]) {
  const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, toolMap);
  const out = events.flatMap((event) => translator.push(event));
  out.push(...translator.finish());
  return { out, translator };
}

it('an error before any event (stream-error-event-overloaded.sse) yields no event, so the client gets a real HTTP error (and the gateway may retry)', () => {
  const { out, translator } = translate(anthropicEventsOf(readAnthropicFixtureBytes('stream-error-event-overloaded.sse')));
  expect(out).toEqual([]);
  expect(translator.failure).toMatchObject({ kind: 'overloaded', retryable: true });
});

const anthropicStreams = ['stream-text-short-raw.sse', 'stream-text-then-parallel-tool-use.sse', 'stream-text-then-tool-use-empty-input.sse', 'stream-text-then-tool-use-raw.sse', 'stream-thinking-then-text-raw.sse', 'stream-redacted-thinking.sse', 'stream-refusal-stop-details.sse', 'stream-message-delta-input-tokens-differ.sse', 'stream-max-tokens-mid-tool-input.sse'];

describe('Anthropic stream -> Responses stream', () => {
  it.each(anthropicStreams)('%s gives a stream in the strict Responses grammar, however its bytes are split', (name) => {
    const bytes = readAnthropicFixtureBytes(name);
    const whole = translate(anthropicEventsOf(bytes)).out;
    const result = validateResponsesEvents(whole, 'strict');
    for (const size of [1, 13]) expect(translate(anthropicEventsOf(bytes, everyNthOffset(bytes.length, size))).out).toEqual(whole);
    if (name === 'stream-max-tokens-mid-tool-input.sse') expect(result.status).toBe('incomplete');
  });

  it('carries thinking as a reasoning item: the text as summary, the signature as encrypted_content', () => {
    const { out } = translate(anthropicEventsOf(readAnthropicFixtureBytes('stream-thinking-then-text-raw.sse')));
    const reasoning = out.find((event) => event.type === 'response.output_item.done' && event.item.type === 'reasoning');
    expect(reasoning).toMatchObject({ item: { type: 'reasoning', summary: [{ type: 'summary_text' }] } });
    expect(String((reasoning as { item: { encrypted_content?: string } }).item.encrypted_content).length).toBeGreaterThan(10);
  });

  it('gives tool calls as function_call items with whole arguments and usage with cached tokens', () => {
    const { out, translator } = translate(anthropicEventsOf(readAnthropicFixtureBytes('stream-text-then-parallel-tool-use.sse')));
    const calls = out.filter((event) => event.type === 'response.output_item.done' && event.item.type === 'function_call');
    expect(calls.length).toBe(2);
    for (const call of calls) expect(() => JSON.parse((call as { item: { arguments: string } }).item.arguments)).not.toThrow();
    expect(translator.final?.usage?.input_tokens).toBeGreaterThan(0);
  });

  it('maps namespaced and custom tools back to their client names', () => {
    const { toolMap: map } = convertResponsesTools(
      [
        { type: 'namespace', name: 'multi_agent_v1', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object' } }] },
        { type: 'custom', name: 'apply_patch', description: 'Apply a patch.' },
      ],
      [],
    );
    const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, map);
    const events: AnthropicStreamEvent[] = [
      { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'multi_agent_v1__spawn_agent', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"task":"x"}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_2', name: 'apply_patch', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"input": "*** Begin Patch\\n' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '*** End Patch"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ];
    const out = events.flatMap((event) => translator.push(event));
    const result = validateResponsesEvents(out, 'strict');
    expect(result.items).toEqual([
      { type: 'function_call', id: 'fc_1', text: '{"task":"x"}', name: 'spawn_agent' },
      { type: 'custom_tool_call', id: 'ctc_1', text: '*** Begin Patch\n*** End Patch', name: 'apply_patch' },
    ]);
    expect(translator.final?.output).toMatchObject([
      { type: 'function_call', call_id: 'toolu_1', name: 'spawn_agent', namespace: 'multi_agent_v1' },
      { type: 'custom_tool_call', call_id: 'toolu_2', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
    ]);
  });

  it('ends with response.failed when the upstream fails or stops early, never without a terminal event', () => {
    const start: AnthropicStreamEvent = { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } } };
    const early = translate([start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }]);
    expect(validateResponsesEvents(early.out, 'strict')).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    // Before the first event nothing is emitted: the relay answers with a real HTTP error.
    const before = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, toolMap);
    expect(before.fail(new UpstreamTimeoutError('Backend x timed out.'))).toEqual([]);
    expect(before.failure?.message).toBe('Backend x timed out.');
    const overloaded = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, toolMap);
    expect(overloaded.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toEqual([]);
    expect(overloaded.failure).toMatchObject({ kind: 'overloaded', retryable: true });
    const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, toolMap);
    const failed = [...translator.push(start), ...translator.fail(new UpstreamTimeoutError('Backend x timed out.'))];
    expect(validateResponsesEvents(failed, 'strict')).toMatchObject({ status: 'failed', error: { message: 'Backend x timed out.' } });
    expect(translator.push({ type: 'message_stop' })).toEqual([]);
  });
});

describe('Chat Completions stream -> Anthropic events -> Responses stream (the Chat backend path)', () => {
  it.each(openAIChatStreamFixtures())('%s gives a stream in the strict Responses grammar', (fixture) => {
    const context = makeTranslationContext(fixture.includes('/deepseek/') ? 'deepseek' : fixture.includes('/gemini/') ? 'gemini' : fixture.includes('/openrouter/') ? 'openrouter' : 'openai');
    const anthropicEvents = replayOpenAIStream(readUpstreamFixture(fixture.replace(/^upstream\//, '')), createOpenAIToAnthropicStreamTranslator(context));
    const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), echo, toolMap);
    const out = anthropicEvents.flatMap((event) => translator.push(event));
    out.push(...translator.finish());
    expect(['completed', 'incomplete', 'failed']).toContain(validateResponsesEvents(out, 'strict').status);
  });
});

describe('convertAnthropicMessageToResponse', () => {
  it.each(anthropicNonStreamFixtures())('%s becomes a completed response with every block as an item', (fixture) => {
    const message = JSON.parse(readFileSync(new URL(`../../../test/fixtures/${fixture}`, import.meta.url), 'utf8'));
    const { value } = convertAnthropicMessageToResponse(message, createFixedTranslationContext(), echo, toolMap);
    expect(value).toMatchObject({ object: 'response', status: message.stop_reason === 'max_tokens' ? 'incomplete' : 'completed', model: 'gpt-5-codex' });
    expect(value.output.length).toBeGreaterThan(0);
    expect(value.usage?.output_tokens).toBe(message.usage.output_tokens);
  });
});
