import { decodeJsonString } from '../../json/decode-json-string.js';
import type { AnthropicStreamEvent } from './types.js';

type DeltaEvent = Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>;

const head = '{"type":"content_block_delta","index":';
const deltaHead = ',"delta":{"type":"';
const tail = '"}}';
/** The delta types whose one field is streamed text, and what comes between the type and that text. */
const fieldHeads = { text_delta: ',"text":"', thinking_delta: ',"thinking":"', input_json_delta: ',"partial_json":"' } as const;
const blockIndex = /^(?:0|[1-9]\d{0,8})$/;
// eslint-disable-next-line no-control-regex
const specialCharacter = /["\\\u0000-\u001f]/;

/**
 * Most events of a Claude stream are deltas of text, thinking or tool input, in the one compact
 * form the API writes: `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}`.
 * Such a payload is read by its fixed parts, with `JSON.parse` only for a text with escapes, and
 * gives the object `JSON.parse` would (same fields, same order): the hot path of every relay of an
 * Anthropic stream. Any other payload (another event, other spacing or field order, invalid
 * JSON) is undefined, for the caller to parse whole.
 */
export function readAnthropicDeltaEvent(data: string): DeltaEvent | undefined {
  // Compared as slices: V8's startsWith walks its argument character by character (measured:
  // it was most of this function's cost), string equality compares memory.
  if (data.slice(0, head.length) !== head || data.slice(-tail.length) !== tail) return undefined;
  const deltaAt = data.indexOf(deltaHead, head.length);
  if (deltaAt === -1) return undefined;
  const index = data.slice(head.length, deltaAt);
  const typeAt = deltaAt + deltaHead.length;
  const typeEnd = data.indexOf('"', typeAt);
  const type = data.slice(typeAt, typeEnd);
  if (typeEnd === -1 || !blockIndex.test(index) || !Object.hasOwn(fieldHeads, type)) return undefined;
  const fieldHead = fieldHeads[type as keyof typeof fieldHeads];
  const rawAt = typeEnd + 1 + fieldHead.length;
  const rawEnd = data.length - tail.length;
  if (rawAt > rawEnd || data.slice(typeEnd + 1, rawAt) !== fieldHead) return undefined;
  const raw = data.slice(rawAt, rawEnd);
  const text = specialCharacter.test(raw) ? decodeJsonString(`"${raw}"`) : raw;
  if (text === undefined) return undefined;
  const at = Number(index);
  switch (type) {
    case 'text_delta':
      return { type: 'content_block_delta', index: at, delta: { type: 'text_delta', text } };
    case 'thinking_delta':
      return { type: 'content_block_delta', index: at, delta: { type: 'thinking_delta', thinking: text } };
    default:
      return { type: 'content_block_delta', index: at, delta: { type: 'input_json_delta', partial_json: text } };
  }
}
