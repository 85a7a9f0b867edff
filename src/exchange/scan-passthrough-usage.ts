import { isRecord } from '../json/is-record.js';
import { createKeyObjectScanner } from '../json/scan-key-objects.js';
import type { RequestLogRecord } from '../log/logger.js';
import { mapOpenAIUsageToAnthropic } from '../translate/anthropic-on-openai-chat/map-usage.js';
import { recordUsage, type UsageCounts } from './record-usage.js';

/** Reads a passed-through answer's token usage from its bytes as they are piped. */
export interface PassthroughUsageScanner {
  /** Each chunk as it goes to the client (not copied, not decoded). */
  push(chunk: Uint8Array): void;
  /** The counts found so far onto the record (tokens=in/out in the log line, the metrics). */
  writeTo(record: RequestLogRecord): void;
}

const usageFields = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const;

/**
 * The `usage` objects of an Anthropic answer (a message's; in a stream `message_start`'s, then
 * `message_delta`'s with the final counts: later values win) or an OpenAI one (the completion's,
 * or a stream's last chunk when the client asked for `stream_options.include_usage`), found by
 * a byte scan (`scan-key-objects.ts`) without re-serializing or holding the answer.
 */
export function scanPassthroughUsage(api: 'anthropic' | 'openai' | 'openai-responses'): PassthroughUsageScanner {
  const counts: UsageCounts = {};
  const merge = (usage: unknown) => {
    const mapped = api === 'openai' ? mapOpenAIUsageToAnthropic(usage) : api === 'openai-responses' ? responsesUsageToAnthropic(usage) : usage;
    if (!isRecord(mapped)) return;
    for (const field of usageFields) {
      const value = mapped[field];
      if (typeof value === 'number') counts[field] = value;
    }
  };
  const scanner = createKeyObjectScanner('usage', (text) => {
    try {
      merge(JSON.parse(text));
    } catch {
      // Not JSON after all (a cut frame): no counts from it.
    }
  });
  return {
    push: (chunk) => scanner.push(chunk),
    writeTo: (record) => recordUsage(record, counts),
  };
}

/** Responses usage (input counts its cached part) in Anthropic's shape (input without it). */
function responsesUsageToAnthropic(usage: unknown): unknown {
  if (!isRecord(usage) || typeof usage['input_tokens'] !== 'number') return usage;
  const details = usage['input_tokens_details'];
  const cached = isRecord(details) && typeof details['cached_tokens'] === 'number' ? details['cached_tokens'] : 0;
  return { input_tokens: usage['input_tokens'] - cached, output_tokens: usage['output_tokens'], cache_read_input_tokens: cached };
}
