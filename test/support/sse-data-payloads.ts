import { SseDecoder } from '../../src/sse/sse-decoder.js';

/** The `data:` payloads of recorded SSE bytes, in order, as the relay's decoder gives them; pushed in pieces cut at `splits`. */
export function sseDataPayloads(bytes: Uint8Array, splits: readonly number[] = []): string[] {
  const payloads: string[] = [];
  const decoder = new SseDecoder({ onEvent: ({ data }) => payloads.push(data) });
  let start = 0;
  for (const offset of [...splits, bytes.length]) {
    decoder.push(bytes.subarray(start, offset));
    start = offset;
  }
  decoder.end();
  return payloads;
}
