/**
 * Random chunk sequences into both stream translators: plausible chunks, hostile ones (wrong
 * types, missing fields, unknown events), failures and early ends mixed in any order. They
 * never throw, and push*, then fail or finish, always gives a grammar-valid stream.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { UpstreamConnectionError } from '../../src/errors/proxy-error.js';
import { createOpenAIToAnthropicStreamTranslator } from '../../src/translate/anthropic-on-openai-chat/stream-translator.js';
import { createAnthropicToOpenAIStreamTranslator } from '../../src/translate/openai-chat-on-anthropic/stream-translator.js';
import { validateAnthropicEventStream } from '../support/anthropic-stream-validator.js';
import { makeTranslationContext } from '../support/anthropic-to-openai-contexts.js';
import { createFixedTranslationContext } from '../support/fixed-translation-context.js';
import { validateOpenAIChunkStream } from '../support/openai-chunk-validator.js';

const small = fc.string({ maxLength: 12 });
const finishReason = fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', null, 'weird', 7);

const openAIDelta = fc.oneof(
  fc.record({ content: small }),
  fc.record({ role: fc.constant('assistant'), content: fc.option(small, { nil: null }) }),
  fc.record({ reasoning_content: small }),
  fc.record({ reasoning: small }),
  fc.record({ tool_calls: fc.array(fc.record({ index: fc.nat(3), id: fc.option(small, { nil: undefined }), type: fc.constant('function'), function: fc.record({ name: fc.option(small, { nil: undefined }), arguments: fc.oneof(small, fc.constantFrom('{"a":', '1}', '{}', '')) }, { requiredKeys: [] }) }, { requiredKeys: ['index'] }), { maxLength: 2 }) }),
  // Web search citations, well-formed or not (read only when the request asked for search).
  fc.record({
    content: small,
    annotations: fc.array(fc.oneof(
      fc.record({ type: fc.constant('url_citation'), url_citation: fc.record({ url: fc.constantFrom('https://a.example', 'https://b.example', ''), title: small, start_index: fc.integer({ min: -1, max: 30 }), end_index: fc.integer({ min: -1, max: 30 }) }, { requiredKeys: [] }) }),
      fc.jsonValue({ maxDepth: 1 }),
    ), { maxLength: 3 }),
  }, { requiredKeys: ['annotations'] }),
  fc.jsonValue({ maxDepth: 2 }),
);

const openAIChunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: fc.constant('c1'), object: fc.constant('chat.completion.chunk'), choices: fc.array(fc.record({ index: fc.nat(1), delta: openAIDelta, finish_reason: finishReason }), { maxLength: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ choices: fc.constant([]), usage: fc.record({ prompt_tokens: fc.nat(), completion_tokens: fc.nat(), server_tool_use: fc.record({ web_search_requests: fc.nat(2) }) }, { requiredKeys: [] }) }) },
  { weight: 1, arbitrary: fc.record({ error: fc.record({ message: small, type: small, code: fc.jsonValue({ maxDepth: 0 }) }, { requiredKeys: [] }) }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const blockType = fc.constantFrom('text', 'thinking', 'tool_use', 'redacted_thinking', 'server_tool_use', 'bogus');
const deltaType = fc.constantFrom('text_delta', 'thinking_delta', 'signature_delta', 'input_json_delta', 'citations_delta', 'bogus');
const anthropicEvent: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constant('message_start'), message: fc.record({ id: fc.constant('msg_1'), usage: fc.record({ input_tokens: fc.nat(), output_tokens: fc.nat() }, { requiredKeys: [] }) }, { requiredKeys: [] }) }),
  // Blocks may lack their id or name: the translator synthesizes an id and fails cleanly without a name.
  fc.record({ type: fc.constant('content_block_start'), index: fc.nat(3),
  content_block: fc.record({ type: blockType, text: small, id: fc.constantFrom('toolu_1', 'toolu_2', ''), name: fc.constantFrom('read', 'write', ''), input: fc.constant({}) }, { requiredKeys: ['type'] }) }),
  fc.record({ type: fc.constant('content_block_delta'), index: fc.nat(3), delta: fc.record({ type: deltaType, text: small, thinking: small, signature: small, partial_json: fc.constantFrom('{"a":', '1}', '{}', 'x') }, { requiredKeys: ['type'] }) }),
  fc.record({ type: fc.constant('content_block_stop'), index: fc.nat(3) }),
  fc.record({ type: fc.constant('message_delta'), delta: fc.record({ stop_reason: fc.constantFrom('end_turn', 'max_tokens', 'tool_use', 'stop_sequence', 'refusal', null) }), usage: fc.record({ output_tokens: fc.nat() }) }),
  fc.record({ type: fc.constantFrom('message_stop', 'ping') }),
  fc.record({ type: fc.constant('error'), error: fc.record({ type: small, message: small }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The last finish_reason of choice 0, as the translator reads it. */
/** Whether the backend said at any point that the token limit cut the turn (a later chunk may say more). */
function sawLengthFinish(chunks: unknown[]): boolean {
  for (const chunk of chunks as Array<{ choices?: Array<{ index?: unknown; finish_reason?: unknown }> }>) {
    for (const choice of Array.isArray(chunk?.choices) ? chunk.choices : []) {
      if ((choice?.index ?? 0) === 0 && choice?.finish_reason === 'length') return true;
    }
  }
  return false;
}

const ending = fc.constantFrom('done', 'end-without-done', 'fail');

describe('stream translators under random chunk sequences', () => {
  it('OpenAI chunks -> Anthropic events: never throws, always a grammar-valid stream', () => {
    fc.assert(
      fc.property(fc.array(openAIChunk, { maxLength: 25 }), ending, fc.option(fc.boolean(), { nil: undefined }), (chunks, end, alwaysSearches) => {
        const webSearch = alwaysSearches === undefined ? {} : { webSearch: { query: 'q', alwaysSearches } };
        const translator = createOpenAIToAnthropicStreamTranslator(makeTranslationContext('deepseek'), { stopSequences: ['STOP'], ...webSearch });
        const events = chunks.flatMap((chunk) => translator.push(chunk));
        if (end === 'fail') events.push(...translator.fail(new UpstreamConnectionError('reset')));
        else events.push(...translator.finish({ upstreamEndedWithoutDone: end === 'end-without-done' }));
        events.push(...translator.finish());
        try {
          validateAnthropicEventStream(events);
        } catch (error) {
          // Only a turn cut by the token limit may leave a tool's input unfinished.
          if (!(String(error).includes('tool_use input is not JSON') && sawLengthFinish(chunks))) throw error;
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('Anthropic events -> OpenAI chunks: never throws, always a grammar-valid stream', () => {
    fc.assert(
      fc.property(fc.array(anthropicEvent, { maxLength: 25 }), fc.boolean(), fc.boolean(), (events, includeUsage, failAtEnd) => {
        const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage });
        const frames = events.flatMap((event) => translator.push(event));
        if (failAtEnd) frames.push(...translator.fail(new UpstreamConnectionError('reset')));
        frames.push(...translator.finish());
        validateOpenAIChunkStream(frames, { includeUsage });
      }),
      { numRuns: 1_000 },
    );
  });
});
