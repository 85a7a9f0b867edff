import { SseDecoder } from '../../src/sse/sse-decoder.js';

/** The `data:` payloads of recorded SSE bytes, in order, as the relay's decoder gives them. */
export function sseDataPayloads(bytes: Uint8Array): string[] {
  const payloads: string[] = [];
  const decoder = new SseDecoder({ onEvent: ({ data }) => payloads.push(data) });
  decoder.push(bytes);
  decoder.end();
  return payloads;
}
