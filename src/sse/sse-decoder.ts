import { createParser, type EventSourceParser } from 'eventsource-parser';

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

/**
 * Byte-split-safe Server-Sent Events decoder: UTF-8 sequences and lines may be cut anywhere
 * between chunks. Parsing is delegated to eventsource-parser (spec-compliant, CR/LF/CRLF).
 */
export class SseDecoder {
  readonly #parser: EventSourceParser;
  readonly #text = new TextDecoder('utf-8');

  constructor(handlers: SseDecoderHandlers) {
    this.#parser = createParser({
      onEvent: (event) => handlers.onEvent({ event: event.event, data: event.data }),
      onComment: handlers.onComment,
    });
  }

  push(chunk: Uint8Array | string): void {
    this.#parser.feed(typeof chunk === 'string' ? chunk : this.#text.decode(chunk, { stream: true }));
  }

  /** Flushes a final frame that lacks its terminating blank line. */
  end(): void {
    const rest = this.#text.decode();
    if (rest) this.#parser.feed(rest);
    this.#parser.reset({ consume: true });
  }
}
