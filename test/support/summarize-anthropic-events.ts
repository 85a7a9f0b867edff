import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';

/**
 * A compact, readable form of an Anthropic event list for snapshots: consecutive deltas of the
 * same kind in the same block are joined into one line (`text_delta x12: "..."`), so a
 * 400-chunk stream snapshots as a dozen lines while every byte of content is still compared.
 */
export function summarizeAnthropicEvents(events: readonly AnthropicStreamEvent[]): string[] {
  const lines: string[] = [];
  let run: { key: string; count: number; text: string } | undefined;
  const flush = () => {
    if (run) lines.push(`${run.key} x${run.count}: ${JSON.stringify(run.text)}`);
    run = undefined;
  };
  for (const event of events) {
    if (event.type === 'content_block_delta') {
      const { delta } = event;
      const piece =
        delta.type === 'text_delta' ? delta.text
        : delta.type === 'thinking_delta' ? delta.thinking
        : delta.type === 'input_json_delta' ? delta.partial_json
        : delta.type === 'signature_delta' ? delta.signature
        : JSON.stringify(delta.citation);
      const key = `[${event.index}] ${delta.type}`;
      if (run?.key === key) {
        run.count += 1;
        run.text += piece;
      } else {
        flush();
        run = { key, count: 1, text: piece };
      }
      continue;
    }
    flush();
    lines.push(JSON.stringify(event));
  }
  flush();
  return lines;
}
