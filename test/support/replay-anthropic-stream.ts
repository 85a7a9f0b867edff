import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SseDecoder } from '../../src/sse/sse-decoder.js';
import type { AnthropicToOpenAIStreamTranslator, OpenAIStreamFrame } from '../../src/translate/openai-chat-on-anthropic/stream-translator.js';
import { isAnthropicStreamOver, translateAnthropicStreamData } from '../../src/translate/openai-chat-on-anthropic/translate-stream-data.js';

const fixturesRoot = fileURLToPath(new URL('../fixtures/upstream/anthropic-messages/anthropic/', import.meta.url));

/** Raw bytes of a fixture under test/fixtures/upstream/anthropic-messages/anthropic/. */
export function readAnthropicFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturesRoot + name));
}

/** Parsed JSON fixture under test/fixtures/upstream/anthropic-messages/anthropic/. */
export function readAnthropicFixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(fixturesRoot + name, 'utf8'));
}

/**
 * Feeds `bytes` through SseDecoder -> translateAnthropicStreamData (the relay's own per-event
 * function) until the stream is over, cut into pieces at `offsets` (ascending byte positions),
 * exactly as the HTTP layer would on network chunks; returns every frame the translator
 * produced, including those from `finish()` at the end of the body.
 */
export function replayAnthropicStream(
  bytes: Uint8Array,
  offsets: readonly number[],
  translator: AnthropicToOpenAIStreamTranslator,
): OpenAIStreamFrame[] {
  const frames: OpenAIStreamFrame[] = [];
  const decoder = new SseDecoder({
    onEvent: (event) => {
      if (!isAnthropicStreamOver(translator)) frames.push(...translateAnthropicStreamData(translator, event.data, 'upstream'));
    },
  });
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    decoder.push(bytes.subarray(start, offset));
    start = offset;
  }
  decoder.end();
  if (!isAnthropicStreamOver(translator)) frames.push(...translator.finish());
  return frames;
}
