import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readAnthropicDeltaEvent } from '../../protocols/anthropic/read-delta-event.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { encodeResponsesEvent } from '../../protocols/openai-responses/encode-event.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readAnthropicFixtureBytes } from '../../../test/support/replay-anthropic-stream.js';
import { sseDataPayloads } from '../../../test/support/sse-data-payloads.js';
import { convertResponsesTools } from './convert-tools.js';
import { createAnthropicToResponsesStreamTranslator } from './stream-translator.js';

const streams = readdirSync(fileURLToPath(new URL('../../../test/fixtures/upstream/anthropic-messages/anthropic/', import.meta.url))).filter((name) => name.startsWith('stream-'));

it.each(streams)('%s: every Responses event is written as JSON.stringify writes it, and numbered in order', (name) => {
  const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), { model: 'gpt-5-codex' }, convertResponsesTools([], []).toolMap);
  let next = 0;
  for (const data of sseDataPayloads(readAnthropicFixtureBytes(name))) {
    const event = readAnthropicDeltaEvent(data) ?? (JSON.parse(data) as AnthropicStreamEvent);
    for (const out of translator.push(event)) {
      expect(encodeResponsesEvent(out)).toBe(`event: ${out.type}\ndata: ${JSON.stringify(out)}\n\n`);
      // The number is the last field, as a copy with it appended would have it.
      expect(Object.keys(out).at(-1)).toBe('sequence_number');
      expect(out.sequence_number).toBe(next++);
    }
  }
});
