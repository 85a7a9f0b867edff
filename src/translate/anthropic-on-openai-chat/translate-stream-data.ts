import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { PlainContentChunkReader } from './scan-content-chunk.js';
import type { OpenAIToAnthropicStreamTranslator } from './stream-translator.js';

/**
 * One upstream `data:` payload of an OpenAI chunk stream -> the Anthropic events it produces:
 * `[DONE]` finishes the stream, a blank payload is nothing, anything else must be JSON (or the
 * stream fails). The relay and the fixture replay tests both run this, so the tests exercise
 * the server's own rules. `translator.isDone` says afterwards whether the stream is over.
 */
export function translateOpenAIStreamData(
  translator: OpenAIToAnthropicStreamTranslator,
  data: string,
  backendLabel: string,
): AnthropicStreamEvent[] {
  // A chunk of plain text (most of a stream) is recognized without parsing it whole; the
  // translator gets the same chunk minus the fields it never reads.
  const content = readerOf(translator).contentOf(data);
  if (content !== undefined) return translator.push({ choices: [{ index: 0, delta: { content } }] });
  // Trimmed only to recognise `[DONE]` and blank keep-alives; JSON.parse skips whitespace itself.
  const payload = data.trim();
  if (payload === '[DONE]') return translator.finish();
  if (payload === '') return [];
  let chunk: unknown;
  try {
    chunk = JSON.parse(payload);
  } catch {
    return translator.fail(new UpstreamProtocolError(`Backend ${backendLabel} sent a stream event that is not JSON: ${payload.slice(0, 200)}`));
  }
  return translator.push(chunk);
}

/** Each stream's reader of plain text chunks (it learns the stream's shape), kept beside its translator. */
const readers = new WeakMap<OpenAIToAnthropicStreamTranslator, PlainContentChunkReader>();

function readerOf(translator: OpenAIToAnthropicStreamTranslator): PlainContentChunkReader {
  let reader = readers.get(translator);
  if (reader === undefined) {
    reader = new PlainContentChunkReader();
    readers.set(translator, reader);
  }
  return reader;
}

/** The upstream body ended: closes the stream (an error event when it ended too early). */
export function finishOpenAIStream(translator: OpenAIToAnthropicStreamTranslator): AnthropicStreamEvent[] {
  return translator.finish({ upstreamEndedWithoutDone: true });
}
