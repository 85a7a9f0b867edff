import { jsonStringLiteral } from '../../json/json-string-literal.js';
import { hasExactKeys } from '../../json/has-exact-keys.js';
import { encodeSseFrame } from '../../sse/sse-encoder.js';
import type { OpenAIChatChunk, OpenAIErrorEnvelope } from './types.js';

const chunkKeys = ['id', 'object', 'created', 'model', 'choices'] as const;
const choiceKeys = ['index', 'delta', 'finish_reason'] as const;

/**
 * Writes chunks as `data: <JSON>` frames for one stream. A text chunk (most of a stream) is built
 * from a template: its beginning up to the delta (id, object, created, model, choice index) is
 * the same for the whole stream and JSON-encoded once, so only the text is encoded per chunk. It
 * applies only to a chunk with exactly the fields `{id, object, created, model, choices: [{index,
 * delta: {content}, finish_reason: null}]}` in that order, and writes the bytes `JSON.stringify`
 * would (a test checks every chunk of the recorded streams); anything else is `JSON.stringify`ed.
 */
export class OpenAIChunkFrameEncoder {
  #head = '';
  #headOf: { id: string; object: string; created: number; model: string; index: number } | undefined;

  /** The frames of `frames`, in order. */
  encode(frames: readonly (OpenAIChatChunk | OpenAIErrorEnvelope)[]): string {
    let out = '';
    for (const frame of frames) {
      const text = 'choices' in frame ? textOf(frame) : undefined;
      out += text === undefined ? encodeSseFrame(undefined, JSON.stringify(frame)) : `data: ${this.#headFor(frame as OpenAIChatChunk)}{"content":${jsonStringLiteral(text)}},"finish_reason":null}]}\n\n`;
    }
    return out;
  }

  /** `{"id":…,"object":…,"created":…,"model":…,"choices":[{"index":…,"delta":`, kept while they stay the same. */
  #headFor(chunk: OpenAIChatChunk): string {
    const { id, object, created, model } = chunk;
    const index = chunk.choices[0]!.index;
    const last = this.#headOf;
    if (last === undefined || last.id !== id || last.object !== object || last.created !== created || last.model !== model || last.index !== index) {
      this.#headOf = { id, object, created, model, index };
      this.#head = `{"id":${JSON.stringify(id)},"object":${JSON.stringify(object)},"created":${JSON.stringify(created)},"model":${JSON.stringify(model)},"choices":[{"index":${JSON.stringify(index)},"delta":`;
    }
    return this.#head;
  }
}

/** The text of a chunk of the template's exact shape; undefined for any other chunk. */
function textOf(chunk: OpenAIChatChunk): string | undefined {
  const choice = chunk.choices.length === 1 ? chunk.choices[0] : undefined;
  if (choice === undefined || choice.finish_reason !== null || !hasExactKeys(chunk, chunkKeys) || !hasExactKeys(choice, choiceKeys)) return undefined;
  // What the head is made of: values JSON encodes as themselves (never dropped, never `toJSON`).
  if (typeof chunk.id !== 'string' || typeof chunk.object !== 'string' || typeof chunk.model !== 'string' || typeof chunk.created !== 'number' || typeof choice.index !== 'number') return undefined;
  const content = choice.delta.content;
  return typeof content === 'string' && hasExactKeys(choice.delta, ['content']) ? content : undefined;
}
