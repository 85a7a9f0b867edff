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

const LF = 10;
const CR = 13;

/**
 * Byte-split-safe Server-Sent Events decoder: UTF-8 sequences and lines may be cut anywhere
 * between chunks. Parsing is delegated to eventsource-parser (spec-compliant, CR/LF/CRLF);
 * this class adds a bound on what may be pending, checked before the parser buffers anything.
 */
export class SseDecoder {
  readonly #parser: EventSourceParser;
  readonly #text = new TextDecoder('utf-8');
  readonly #maxEventSize: number;
  /** Code units of the current line, and of the current event (since the last blank line). */
  #lineSize = 0;
  #eventSize = 0;
  #afterCarriageReturn = false;
  #failed: SseEventTooLargeError | undefined;

  constructor(handlers: SseDecoderHandlers, options: SseDecoderOptions = {}) {
    this.#maxEventSize = options.maxEventSize ?? defaultMaxSseEventSize;
    this.#parser = createParser({
      onEvent: (event) => handlers.onEvent({ event: event.event, data: event.data }),
      onComment: handlers.onComment,
    });
  }

  /** Feeds a chunk; throws `SseEventTooLargeError` (now and on every later push) past the limit. */
  push(chunk: Uint8Array | string): void {
    if (this.#failed) throw this.#failed;
    const text = typeof chunk === 'string' ? chunk : this.#text.decode(chunk, { stream: true });
    this.#account(text);
    this.#parser.feed(text);
  }

  /** Flushes a final frame that lacks its terminating blank line. */
  end(): void {
    if (this.#failed) return;
    const rest = this.#text.decode();
    if (rest) this.#parser.feed(rest);
    this.#parser.reset({ consume: true });
  }

  /** Tracks line and event sizes across chunks (CR, LF and CRLF line ends, as the spec says). */
  #account(text: string): void {
    // Hops from line end to line end (indexOf is native) instead of looking at every character:
    // this runs on every upstream chunk of every stream.
    // (An empty chunk clears a pending CR, exactly as the character-by-character version did.)
    if (text.length === 0) this.#afterCarriageReturn = false;
    let index = 0;
    let nextLf = text.indexOf('\n');
    let nextCr = text.indexOf('\r');
    while (index < text.length) {
      if (nextLf >= 0 && nextLf < index) nextLf = text.indexOf('\n', index);
      if (nextCr >= 0 && nextCr < index) nextCr = text.indexOf('\r', index);
      const lineEnd = nextLf < 0 ? (nextCr < 0 ? text.length : nextCr) : nextCr < 0 ? nextLf : Math.min(nextLf, nextCr);
      const run = lineEnd - index;
      if (run > 0) {
        this.#lineSize += run;
        this.#eventSize += run;
        this.#afterCarriageReturn = false;
      }
      if (lineEnd === text.length) break;
      this.#step(text.charCodeAt(lineEnd));
      index = lineEnd + 1;
    }
    if (this.#lineSize > this.#maxEventSize || this.#eventSize > this.#maxEventSize) {
      this.#failed = new SseEventTooLargeError(this.#maxEventSize);
      throw this.#failed;
    }
  }

  #step(code: number): void {
    if (code === LF && this.#afterCarriageReturn) {
      // The LF of a CRLF: the line already ended at the CR.
      this.#afterCarriageReturn = false;
      return;
    }
    this.#afterCarriageReturn = code === CR;
    if (code !== LF && code !== CR) {
      this.#lineSize++;
      this.#eventSize++;
      return;
    }
    // A blank line dispatches the event; any other line end just closes the line.
    this.#eventSize = this.#lineSize === 0 ? 0 : this.#eventSize + 1;
    this.#lineSize = 0;
  }
}
