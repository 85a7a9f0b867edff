import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readAnthropicDeltaEvent } from '../../protocols/anthropic/read-delta-event.js';
import { OpenAIChunkFrameEncoder } from '../../protocols/openai/encode-chunk-frames.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readAnthropicFixtureBytes } from '../../../test/support/replay-anthropic-stream.js';
import { sseDataPayloads } from '../../../test/support/sse-data-payloads.js';
import { createAnthropicToOpenAIStreamTranslator } from './stream-translator.js';
import { isAnthropicStreamOver, translateAnthropicStreamData } from './translate-stream-data.js';

const streams = readdirSync(fileURLToPath(new URL('../../../test/fixtures/upstream/anthropic-messages/anthropic/', import.meta.url))).filter((name) => name.startsWith('stream-'));

const payloads = (name: string) => sseDataPayloads(readAnthropicFixtureBytes(name));

describe('the hot paths of an Anthropic stream to an OpenAI client, on every recorded stream', () => {
  it.each(streams)('%s: deltas read as JSON.parse reads them, chunks written as JSON.stringify writes them', (name) => {
    const translator = createAnthropicToOpenAIStreamTranslator(createFixedTranslationContext(), { includeUsage: true });
    const encoder = new OpenAIChunkFrameEncoder();
    for (const data of payloads(name)) {
      const delta = readAnthropicDeltaEvent(data);
      if (delta !== undefined) expect(delta).toEqual(JSON.parse(data));
      if (isAnthropicStreamOver(translator)) continue;
      const frames = translateAnthropicStreamData(translator, data, 'upstream');
      expect(encoder.encode(frames)).toBe(frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join(''));
    }
  });

  it('reads most deltas of the recordings by their fixed parts', () => {
    const all = streams.flatMap(payloads);
    expect(all.filter((data) => readAnthropicDeltaEvent(data) !== undefined).length).toBeGreaterThan(20);
  });
});
