/**
 * A fetch body (`ReadableStream`) with the small Readable surface the relays use
 * (`UpstreamBody`): `data`/`end`/`error` events that start flowing once a `data` listener is
 * attached, `pause`/`resume` for backpressure, `destroy` to let go of the call, and async
 * iteration for the readers of whole bodies. An idle timer between chunks turns a backend that
 * stops sending into an error (what undici's `bodyTimeout` does on Node).
 */
import type { UpstreamBody } from '../../upstream/upstream-client.js';

type Listeners = { data: Array<(chunk: Uint8Array) => void>; end: Array<() => void>; error: Array<(error: unknown) => void> };

export interface ReadableStreamBodyOptions {
  /** Longest silence between two chunks before the body fails. */
  idleTimeoutMs: number;
  /** Called when the idle timer fires: aborts the fetch, which fails the pending read. */
  onIdle: () => void;
  /** Called by `destroy`: aborts the fetch so the connection is let go. */
  onDestroy: () => void;
}

export class ReadableStreamBody implements UpstreamBody {
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #stream: ReadableStream<Uint8Array> | null;
  readonly #options: ReadableStreamBodyOptions;
  readonly #listeners: Listeners = { data: [], end: [], error: [] };
  #flowing = false;
  #paused = false;
  #reading = false;
  #destroyed = false;
  #ended = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(stream: ReadableStream<Uint8Array> | null, options: ReadableStreamBodyOptions) {
    this.#stream = stream;
    this.#options = options;
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  get readableEnded(): boolean {
    return this.#ended;
  }

  on(event: 'data', listener: (chunk: Uint8Array) => void): this;
  on(event: 'end', listener: () => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: keyof Listeners, listener: never): this {
    (this.#listeners[event] as unknown[]).push(listener);
    if (event === 'data' && !this.#flowing) {
      this.#flowing = true;
      // Next turn: the caller attaches its `end` and `error` listeners right after `data`.
      queueMicrotask(() => void this.#pump());
    }
    return this;
  }

  pause(): this {
    this.#paused = true;
    return this;
  }

  resume(): this {
    if (!this.#paused) return this;
    this.#paused = false;
    if (this.#flowing) void this.#pump();
    return this;
  }

  destroy(): this {
    if (this.#destroyed) return this;
    this.#destroyed = true;
    this.#clearIdle();
    this.#reader?.cancel().catch(() => {});
    if (!this.#reader) this.#stream?.cancel().catch(() => {});
    this.#options.onDestroy();
    return this;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (;;) {
        const chunk = await this.#read();
        if (chunk === undefined) return;
        yield chunk;
      }
    } finally {
      // A reader that stops early (a size limit) lets go of the call.
      if (!this.#ended) this.destroy();
    }
  }

  /** The next chunk, undefined at the end; rejects with the stream's (or the abort's) error. */
  async #read(): Promise<Uint8Array | undefined> {
    if (this.#ended || this.#destroyed || !this.#stream) {
      this.#ended ||= !this.#stream;
      return undefined;
    }
    this.#reader ??= this.#stream.getReader();
    this.#armIdle();
    try {
      const { done, value } = await this.#reader.read();
      if (done) {
        this.#ended = true;
        return undefined;
      }
      return value;
    } finally {
      this.#clearIdle();
    }
  }

  /** Reads and emits while flowing and not paused; one loop at a time. */
  async #pump(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      while (!this.#paused && !this.#destroyed) {
        const chunk = await this.#read();
        if (this.#destroyed) return;
        if (chunk === undefined) {
          for (const listener of this.#listeners.end) listener();
          return;
        }
        for (const listener of this.#listeners.data) listener(chunk);
      }
    } catch (error) {
      if (this.#destroyed) return;
      this.#destroyed = true;
      for (const listener of this.#listeners.error) listener(error);
    } finally {
      this.#reading = false;
    }
  }

  #armIdle(): void {
    this.#clearIdle();
    this.#idleTimer = setTimeout(() => this.#options.onIdle(), this.#options.idleTimeoutMs);
  }

  #clearIdle(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
