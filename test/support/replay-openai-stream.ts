import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UpstreamProtocolError } from '../../src/errors/proxy-error.js';
import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import { SseDecoder } from '../../src/sse/sse-decoder.js';
import type { OpenAIToAnthropicStreamTranslator } from '../../src/translate/anthropic-to-openai/stream-translator.js';

/**
 * Feeds recorded upstream bytes through the same pipeline the server runs:
 * bytes -> SseDecoder -> `[DONE]` -> JSON.parse -> translator.push, then finish() at `[DONE]` or
 * at the end of the body. `splits` are byte offsets at which the body is cut into separate
 * pushes, so tests can prove the output does not depend on how the network chunked it.
 */
export function replayOpenAIStream(
  bytes: Uint8Array,
  translator: OpenAIToAnthropicStreamTranslator,
  splits: readonly number[] = [],
): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  const decoder = new SseDecoder({
    onEvent: ({ data }) => {
      if (translator.isDone || data.trim() === '') return;
      if (data.trim() === '[DONE]') {
        events.push(...translator.finish());
        return;
      }
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        events.push(...translator.fail(new UpstreamProtocolError(`Upstream sent a stream event that is not JSON: ${data.slice(0, 200)}`)));
        return;
      }
      events.push(...translator.push(chunk));
    },
  });
  let start = 0;
  for (const offset of [...splits, bytes.length]) {
    decoder.push(bytes.subarray(start, offset));
    start = offset;
  }
  decoder.end();
  events.push(...translator.finish({ upstreamEndedWithoutDone: true }));
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
