import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SseDecoder } from '../../src/sse/sse-decoder.js';

const fixturesRoot = fileURLToPath(new URL('../fixtures/upstream/anthropic-messages/anthropic/', import.meta.url));

/** Raw bytes of a fixture under test/fixtures/upstream/anthropic-messages/anthropic/. */
export function readAnthropicFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturesRoot + name));
}

/** Parsed JSON fixture under test/fixtures/upstream/anthropic-messages/anthropic/. */
export function readAnthropicFixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(fixturesRoot + name, 'utf8'));
}

/** Anything with the push/finish shape of a stream translator. */
export interface ReplayTarget<Frame> {
  push(event: unknown): Frame[];
  finish(): Frame[];
}

/**
 * Feeds `bytes` through SseDecoder -> JSON.parse -> translator, cut into pieces at `offsets`
 * (ascending byte positions), exactly as the HTTP layer would on network chunks; returns every
 * frame the translator produced, including those from `finish()`.
 */
export function replayAnthropicStream<Frame>(bytes: Uint8Array, offsets: readonly number[], translator: ReplayTarget<Frame>): Frame[] {
  const frames: Frame[] = [];
  const decoder = new SseDecoder({ onEvent: (event) => frames.push(...translator.push(JSON.parse(event.data))) });
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    decoder.push(bytes.subarray(start, offset));
    start = offset;
  }
  decoder.end();
  frames.push(...translator.finish());
  return frames;
}
