import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import { SseDecoder } from '../../src/sse/sse-decoder.js';
import type { OpenAIToAnthropicStreamTranslator } from '../../src/translate/anthropic-on-openai-chat/stream-translator.js';
import { finishOpenAIStream, translateOpenAIStreamData } from '../../src/translate/anthropic-on-openai-chat/translate-stream-data.js';

/**
 * Feeds recorded upstream bytes through the pipeline the server runs, with the relay's own
 * per-event functions: bytes -> SseDecoder -> translateOpenAIStreamData (`[DONE]`, JSON.parse,
 * translator.push) until the stream is over, then finishOpenAIStream at the end of the body.
 * `splits` are byte offsets at which the body is cut into separate pushes, so tests can prove
 * the output does not depend on how the network chunked it.
 */
export function replayOpenAIStream(
  bytes: Uint8Array,
  translator: OpenAIToAnthropicStreamTranslator,
  splits: readonly number[] = [],
): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  const decoder = new SseDecoder({
    onEvent: ({ data }) => {
      // The relay ends the response once the stream is over and reads nothing after it.
      if (!translator.isDone) events.push(...translateOpenAIStreamData(translator, data, 'upstream'));
    },
  });
  let start = 0;
  for (const offset of [...splits, bytes.length]) {
    decoder.push(bytes.subarray(start, offset));
    start = offset;
  }
  decoder.end();
  if (!translator.isDone) events.push(...finishOpenAIStream(translator));
  return events;
}

/** Offsets cutting `length` bytes into pieces of `size` (size 1 = every byte its own push). */
export function everyNthOffset(length: number, size: number, phase = 0): number[] {
  const offsets: number[] = [];
  for (let offset = phase === 0 ? size : phase; offset < length; offset += size) offsets.push(offset);
  return offsets;
}

/** Absolute path of a fixture under test/fixtures/upstream. */
export function upstreamFixturePath(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/upstream/${relative}`, import.meta.url));
}

export function readUpstreamFixture(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(upstreamFixturePath(relative)));
}
