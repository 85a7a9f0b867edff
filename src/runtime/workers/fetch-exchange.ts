/**
 * A Worker's `Request` as a ProxyRequest and its answer as a ResponseSink that becomes a
 * `Response`: the status and headers are committed by `start`, the body is a ReadableStream the
 * sink writes into as frames come (never buffered whole), and the client's disconnect (the body
 * stream cancelled, or `request.signal` with the `enable_request_signal` flag) closes the sink
 * unfinished, which aborts the request's scope and with it the upstream call.
 */
import { RequestTooLargeError } from '../../errors/proxy-error.js';
import type { ProxyRequest, RequestHeaders, ResponseHeaders, ResponseSink } from '../../http/proxy-request.js';
import { concatenateBytes } from '../../upstream/concatenate-bytes.js';

/** The request as the core reads it: path and query only, lowercase headers. */
export function fetchProxyRequest(request: Request): ProxyRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  // Headers iterate with lowercase names, repeated headers already joined with ", ".
  request.headers.forEach((value, name) => {
    if (!edgeHeader.test(name)) headers[name] = value;
  });
  return {
    method: request.method,
    url: url.pathname + url.search,
    headers: headers satisfies RequestHeaders,
    readBody: (limit) => readRequestBody(request, limit),
    discardBody: () => {
      if (request.body && !request.bodyUsed) request.body.cancel().catch(() => {});
    },
  };
}

/**
 * What Cloudflare's edge adds to every request (the client's IP and country, ray ids, the
 * forwarding chain): not the client's, so a passthrough must not hand it to the backend.
 */
const edgeHeader = /^(?:cf-|cdn-loop$|x-forwarded-|x-real-ip$|true-client-ip$)/;

async function readRequestBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    request.body?.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return concatenateBytes(chunks, size);
}

function tooLarge(limit: number): RequestTooLargeError {
  return new RequestTooLargeError(`Request body is larger than the limit of ${limit} bytes (set MAX_BODY_BYTES to change it).`);
}

/**
 * Hop-by-hop headers a `Response` must not carry (the platform frames the answer itself), and
 * `content-length`, which the platform sets from the body (a streamed body has none).
 */
const platformHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** Frames queued beyond this many bytes make `write` return false until the client reads. */
const highWaterMarkBytes = 64 * 1024;

const encoder = new TextEncoder();

/** A ResponseSink whose `response` resolves with the `Response` once `start` is called. */
export class FetchResponseSink implements ResponseSink {
  /** Resolves with the answer when its status line is committed. */
  readonly response: Promise<Response>;
  /** Resolves when the answer ended or the client went away (for `ctx.waitUntil`). */
  readonly done: Promise<void>;
  #resolveResponse!: (response: Response) => void;
  #resolveDone!: () => void;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly #body: ReadableStream<Uint8Array>;
  readonly #headers = new Headers();
  #headersSent = false;
  #closed = false;
  #drainListeners: Array<() => void> = [];
  #closeListeners: Array<(finished: boolean) => void> = [];

  constructor(signal?: AbortSignal) {
    this.response = new Promise((resolve) => (this.#resolveResponse = resolve));
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
    this.#body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => this.#drained(),
        cancel: () => this.#close(false),
      },
      { highWaterMark: highWaterMarkBytes, size: (chunk) => chunk.byteLength },
    );
    signal?.addEventListener('abort', () => this.#close(false), { once: true });
  }

  get headersSent(): boolean {
    return this.#headersSent;
  }

  get closed(): boolean {
    return this.#closed;
  }

  setHeader(name: string, value: string): void {
    this.#headers.set(name, value);
  }

  start(status: number, headers: ResponseHeaders): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    for (const [name, value] of Object.entries(headers)) {
      if (!platformHeaders.has(name.toLowerCase())) this.#headers.set(name, String(value));
    }
    // 204/304 and answers to HEAD have no body; a Response with one for them throws.
    const bodiless = status === 204 || status === 304 || status < 200;
    this.#resolveResponse(new Response(bodiless ? null : this.#body, { status, headers: this.#headers }));
    if (bodiless) this.#finish();
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.#closed) return false;
    this.#controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    return (this.#controller.desiredSize ?? 0) > 0;
  }

  onDrain(listener: () => void): void {
    this.#drainListeners.push(listener);
  }

  end(chunk?: string | Uint8Array): void {
    if (this.#closed) return;
    if (!this.#headersSent) this.start(200, {});
    if (chunk !== undefined && chunk.length > 0) this.write(chunk);
    this.#finish();
  }

  onClose(listener: (finished: boolean) => void): void {
    this.#closeListeners.push(listener);
  }

  destroy(): void {
    if (this.#closed) return;
    // Before the status line there is no answer to break: a 502 says what happened instead.
    if (!this.#headersSent) {
      this.#headersSent = true;
      this.#resolveResponse(new Response(null, { status: 502 }));
    } else this.#controller.error(new Error('The backend broke off the answer.'));
    this.#close(false);
  }

  #finish(): void {
    if (this.#closed) return;
    this.#controller.close();
    this.#close(true);
  }

  #drained(): void {
    const listeners = this.#drainListeners;
    this.#drainListeners = [];
    for (const listener of listeners) listener();
  }

  #close(finished: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    // The client left before any answer: the fetch handler still needs one to return.
    if (!this.#headersSent) this.#resolveResponse(new Response(null, { status: 499 }));
    this.#drainListeners = [];
    const listeners = this.#closeListeners;
    this.#closeListeners = [];
    // After the caller's own `end` returns, as node:http's 'close' comes after `res.end()`.
    queueMicrotask(() => {
      for (const listener of listeners) listener(finished);
      this.#resolveDone();
    });
  }
}
