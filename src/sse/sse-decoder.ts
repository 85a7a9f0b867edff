import { createParser, type EventSourceParser } from 'eventsource-parser';
import { UpstreamProtocolError } from '../errors/proxy-error.js';

export interface SseEvent {
  /** The `event:` field; undefined when the frame had none (OpenAI style). */
  event: string | undefined;
  data: string;
}

export interface SseDecoderHandlers {
  onEvent: (event: SseEvent) => void;
  /** Comment lines (`: OPENROUTER PROCESSING`), without the leading colon. */
  onComment?: (comment: string) => void;
}

export interface SseDecoderOptions {
  /**
   * Largest pending event (and so line) in UTF-16 code units that the decoder will hold while
   * waiting for its end. A peer that sends a line without newline, or data lines without the
   * blank line that ends the event, would otherwise grow the buffer without bound.
   */
  maxEventSize?: number;
}

/** 16 Mi code units: far above any real chunk (whole tool calls included), far below trouble. */
export const defaultMaxSseEventSize = 16 * 1024 * 1024;

/** An SSE event or line over `maxEventSize`; the stream cannot go on. */
export class SseEventTooLargeError extends UpstreamProtocolError {
  readonly limit: number;
  constructor(limit: number) {
    super(`sent a stream event (or a line) larger than the limit of ${limit} characters without ending it.`);
    this.limit = limit;
  }
}

const streaming = { stream: true };
const LF = 10;
const CR = 13;

/**
 * Byte-split-safe Server-Sent Events decoder: UTF-8 sequences and lines may be cut anywhere
 * between chunks. Parsing is delegated to eventsource-parser (spec-compliant, CR/LF/CRLF), whose
 * `maxBufferSize` bounds what may be pending (the unfinished line plus the event's data so far).
 */
export class SseDecoder {
  readonly #parser: EventSourceParser;
  /** Streaming: keeps a character cut between chunks, and drops the stream's leading BOM. */
  readonly #text = new TextDecoder('utf-8');
  /** One-shot, for a chunk that needs nothing from before or after it (a BOM there is text). */
  readonly #whole = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The streaming decoder holds no bytes and has seen the stream's start. */
  #streamSettled = false;
  #failed: SseEventTooLargeError | undefined;

  constructor(handlers: SseDecoderHandlers, options: SseDecoderOptions = {}) {
    const limit = options.maxEventSize ?? defaultMaxSseEventSize;
    this.#parser = createParser({
      onEvent: (event) => handlers.onEvent({ event: event.event, data: event.data }),
      onComment: handlers.onComment,
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.#failed ??= new SseEventTooLargeError(limit);
      },
      maxBufferSize: limit,
    });
  }

  /** Feeds a chunk; throws `SseEventTooLargeError` (now and on every later push) past the limit. */
  push(chunk: Uint8Array | string): void {
    if (this.#failed) throw this.#failed;
    this.#parser.feed(typeof chunk === 'string' ? chunk : this.#decode(chunk));
    if (this.#failed) throw this.#failed;
  }

  /**
   * A streaming decode costs about three one-shot decodes. Once nothing is pending, a chunk that
   * ends on an ASCII byte (SSE frames end with a newline) has no character cut at its end, so it
   * is decoded on its own; any other chunk goes through the streaming decoder, and one that ends
   * on an ASCII byte leaves it holding nothing again.
   */
  #decode(chunk: Uint8Array): string {
    if (chunk.length === 0) return '';
    const endsOnAscii = chunk[chunk.length - 1]! < 0x80;
    if (this.#streamSettled && endsOnAscii) return this.#whole.decode(chunk);
    this.#streamSettled = endsOnAscii;
    return this.#text.decode(chunk, streaming);
  }

  /** Flushes a final frame that lacks its terminating blank line. */
  end(): void {
    if (this.#failed) return;
    const rest = this.#text.decode();
    if (rest) this.#parser.feed(rest);
    this.#parser.reset({ consume: true });
  }
}
