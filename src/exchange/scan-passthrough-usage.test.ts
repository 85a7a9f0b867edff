import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../json/is-record.js';
import type { RequestLogRecord } from '../log/logger.js';
import { mapOpenAIUsageToAnthropic } from '../translate/anthropic-on-openai-chat/map-usage.js';
import { recordUsage, type UsageCounts } from './record-usage.js';
import { scanPassthroughUsage } from './scan-passthrough-usage.js';

const upstreamFixtures = fileURLToPath(new URL('../../test/fixtures/upstream/', import.meta.url));
const encoder = new TextEncoder();

function fixturesOf(folder: string): string[] {
  const root = join(upstreamFixtures, folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => (path.endsWith('.sse') || path.endsWith('.json')) && !path.split('/').pop()!.startsWith('error-') && !path.includes('count-tokens'))
    .map((path) => join(root, path));
}

/** The oracle: every usage of the answer parsed whole (each stream frame's, later values winning). */
function usageByParsing(text: string, api: 'anthropic' | 'openai'): UsageCounts {
  const counts: Record<string, number> = {};
  const merge = (usage: unknown) => {
    const mapped = api === 'openai' ? mapOpenAIUsageToAnthropic(usage) : usage;
    if (!isRecord(mapped)) return;
    for (const [field, value] of Object.entries(mapped)) if (typeof value === 'number') counts[field] = value;
  };
  const payloads = text.trimStart().startsWith('{') ? [text] : text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim());
  for (const payload of payloads) {
    if (payload === '[DONE]') continue;
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    merge(parsed['usage']);
    if (isRecord(parsed['message'])) merge(parsed['message']['usage']);
  }
  return counts;
}

function recordOf(fill: (record: RequestLogRecord) => void): RequestLogRecord {
  const record: RequestLogRecord = { requestId: 'req_1', method: 'POST', path: '/v1/messages', status: 200, totalMs: 1 };
  fill(record);
  return record;
}

function scanned(bytes: Uint8Array, api: 'anthropic' | 'openai' | 'openai-responses', cuts: readonly number[]): RequestLogRecord {
  const scanner = scanPassthroughUsage(api);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  return recordOf((record) => scanner.writeTo(record));
}

describe.each([
  ['anthropic', 'anthropic-messages'],
  ['openai', 'openai-chat'],
] as const)('scanPassthroughUsage(%s) on every recorded answer', (api, folder) => {
  const files = fixturesOf(folder);

  it('finds recorded answers to read', () => {
    expect(files.length).toBeGreaterThan(api === 'anthropic' ? 5 : 30);
  });

  it('reads the same token counts as parsing the answer whole, however the bytes are cut', () => {
    let withTokens = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const expected = recordOf((record) => recordUsage(record, usageByParsing(text, api)));
      const bytes = encoder.encode(text);
      if (expected.inputTokens !== undefined || expected.outputTokens !== undefined) withTokens++;
      expect(scanned(bytes, api, []), file).toEqual(expected);
      // Cut at a few fixed points and every 7 bytes: keys and objects split across chunks.
      const everySeven = Array.from({ length: Math.floor(bytes.length / 7) }, (_, index) => (index + 1) * 7);
      expect(scanned(bytes, api, everySeven), file).toEqual(expected);
      expect(scanned(bytes, api, [1, Math.floor(bytes.length / 2), bytes.length - 1].filter((cut) => cut > 0)), file).toEqual(expected);
    }
    // Not vacuous: most recordings carry a usage.
    expect(withTokens).toBeGreaterThan(files.length / 2);
  });
});

describe('scanPassthroughUsage', () => {
  it('counts every prompt token as input and the cache parts beside it (Anthropic stream)', () => {
    const stream =
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":5,"output_tokens":1}}}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}\n\n';
    expect(scanned(encoder.encode(stream), 'anthropic', [50])).toMatchObject({ inputTokens: 115, outputTokens: 42, cacheReadTokens: 100, cacheWriteTokens: 5 });
  });

  it('reads the last chunk of an OpenAI stream with include_usage (cached tokens as cache reads)', () => {
    const stream =
      'data: {"choices":[{"delta":{"content":"hi"}}],"usage":null}\n\n' +
      'data: {"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":20}}}\n\ndata: [DONE]\n\n';
    expect(scanned(encoder.encode(stream), 'openai', [])).toMatchObject({ inputTokens: 30, outputTokens: 7, cacheReadTokens: 20 });
  });

  it("reads a Responses stream's response.completed usage (its input counts the cached part)", () => {
    const stream =
      'event: response.created\ndata: {"type":"response.created","response":{"id":"r","usage":null}}\n\n' +
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"r","usage":{"input_tokens":7112,"input_tokens_details":{"cached_tokens":3072},"output_tokens":463,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":7575}}}\n\n';
    expect(scanned(encoder.encode(stream), 'openai-responses', [40, 200])).toMatchObject({ inputTokens: 7112, outputTokens: 463, cacheReadTokens: 3072 });
  });

  it('leaves the counts unset when the answer has no usage', () => {
    const record = scanned(encoder.encode('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n'), 'openai', []);
    expect(record.inputTokens).toBeUndefined();
    expect(record.outputTokens).toBeUndefined();
  });
});
