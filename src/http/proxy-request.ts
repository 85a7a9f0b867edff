/**
 * The runtime-neutral request and answer the HTTP layer works with. The Node runtime implements
 * them over node:http (runtime/node/node-http-exchange.ts, no web streams on the hot path); a
 * Worker runtime implements them over `Request`/`Response`.
 */

/** Header values as Node delivers them: lowercase names, repeated headers as arrays. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface ProxyRequest {
  method: string;
  /** Path and query as received (`/v1/messages?beta=true`). */
  url: string;
  headers: RequestHeaders;
  /** The whole body, refused with a 413 (RequestTooLargeError) beyond `limit` bytes. */
  readBody(limit: number): Promise<Uint8Array>;
  /** The body is not needed: let it go without reading it into memory. */
  discardBody(): void;
}

export type ResponseHeaders = Record<string, string | number>;

/** Where an answer goes: status and headers once, then frames with backpressure, then the end. */
export interface ResponseSink {
  /** True once the status line went out. */
  readonly headersSent: boolean;
  /** True once the answer ended or the client went away: nothing more can be written. */
  readonly closed: boolean;
  /** A header for whatever status is sent later (request ids, CORS grants). */
  setHeader(name: string, value: string): void;
  start(status: number, headers: ResponseHeaders): void;
  /** Writes a frame; false asks the writer to wait for `onDrain` before the next. */
  write(chunk: string | Uint8Array): boolean;
  /** Calls `listener` once, when the client can take more. */
  onDrain(listener: () => void): void;
  end(chunk?: string | Uint8Array): void;
  /** Calls `listener` once, when the connection closes; `finished` says whether the answer ended whole. */
  onClose(listener: (finished: boolean) => void): void;
  /** Ends the answer abruptly (a passthrough whose backend broke mid-body). */
  destroy(): void;
}

/** The handler a runtime calls for every request. Never throws. */
export type RequestHandler = (req: ProxyRequest, res: ResponseSink) => void;
