import { jsonStringLiteral } from '../../json/json-string-literal.js';
import { hasExactKeys } from '../../json/has-exact-keys.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import type { ResponsesStreamEvent } from './types.js';

type TextDelta = Extract<ResponsesStreamEvent, { type: 'response.output_text.delta' }>;

const textDeltaKeys = ['type', 'item_id', 'output_index', 'content_index', 'delta', 'logprobs', 'sequence_number'];

/** One Responses stream event as OpenAI sends it: `event: <type>` and `data: <json>`. */
export function encodeResponsesEvent(event: ResponsesStreamEvent): string {
  if (event.type === 'response.output_text.delta' && isPlainTextDelta(event)) {
    // The hot path (most events of an answer), built by hand: only the text is JSON-encoded, the
    // rest up to it is the same for a whole content part. The bytes equal JSON.stringify's,
    // which the guard and a test make sure of.
    return `${textDeltaHead(event)}${jsonStringLiteral(event.delta)},"logprobs":[],"sequence_number":${event.sequence_number}}\n\n`;
  }
  return encodeSseFrame(event.type, JSON.stringify(event));
}

/** The last text delta's frame up to its text, and whose it was. */
let lastHead = { itemId: '', outputIndex: -1, contentIndex: -1, head: '' };

function textDeltaHead(event: TextDelta): string {
  const { item_id: itemId, output_index: outputIndex, content_index: contentIndex } = event;
  if (lastHead.itemId !== itemId || lastHead.outputIndex !== outputIndex || lastHead.contentIndex !== contentIndex) {
    const head = `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":${JSON.stringify(itemId)},"output_index":${outputIndex},"content_index":${contentIndex},"delta":`;
    lastHead = { itemId, outputIndex, contentIndex, head };
  }
  return lastHead.head;
}

/** Exactly the fields the template writes, in its order, with integers and no log probabilities. */
function isPlainTextDelta(event: TextDelta): boolean {
  return hasExactKeys(event, textDeltaKeys) && typeof event.item_id === 'string' && typeof event.delta === 'string' && Array.isArray(event.logprobs) && event.logprobs.length === 0 &&
    Number.isInteger(event.output_index) && Number.isInteger(event.content_index) && Number.isInteger(event.sequence_number);
}
