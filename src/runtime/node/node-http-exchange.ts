import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTooLargeError } from '../../errors/proxy-error.js';
import type { ProxyRequest, ResponseHeaders, ResponseSink } from '../../http/proxy-request.js';

/**
 * node:http's request as a ProxyRequest. Classes, not object literals of closures: one of each
 * is made per request, and prototype methods cost nothing to create.
 */
class NodeProxyRequest implements ProxyRequest {
  readonly #req: IncomingMessage;

  constructor(req: IncomingMessage) {
    this.#req = req;
  }

  get method(): string {
    return this.#req.method ?? 'GET';
  }

  get url(): string {
    return this.#req.url ?? '/';
  }

  get headers(): IncomingMessage['headers'] {
    return this.#req.headers;
  }

  readBody(limit: number): Promise<Uint8Array> {
    return readBody(this.#req, limit);
  }

  discardBody(): void {
    this.#req.resume();
  }
}

/**
 * node:http's response as a ResponseSink: every call is the ServerResponse's own, except that
 * headers set before the status line wait here and go out with it in one `writeHead` (a flat
 * list of names and values). ServerResponse.setHeader validates each header into a header map
 * that writeHead then merges on its slow path; every request sets its two request ids (issue 13).
 */
class NodeResponseSink implements ResponseSink {
  readonly #res: ServerResponse;
  /** Names and values, in turn, of the headers set before `start`. */
  #pending: string[] | undefined;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  get headersSent(): boolean {
    return this.#res.headersSent;
  }

  get closed(): boolean {
    return this.#res.destroyed || this.#res.writableEnded;
  }

  setHeader(name: string, value: string): void {
    if (this.#res.headersSent) {
      this.#res.setHeader(name, value);
      return;
    }
    const pending = (this.#pending ??= []);
    for (let index = 0; index < pending.length; index += 2) {
      if (sameName(pending[index]!, name)) {
        pending[index + 1] = value;
        return;
      }
    }
    pending.push(name, value);
  }

  /** The status line with `headers`, and the pending ones that `headers` does not name (as writeHead's own headers win over setHeader's). */
  start(status: number, headers: ResponseHeaders): void {
    const pending = this.#pending;
    if (pending === undefined) {
      this.#res.writeHead(status, headers);
      return;
    }
    this.#pending = undefined;
    const flat: Array<string | number> = [];
    for (let index = 0; index < pending.length; index += 2) {
      const name = pending[index]!;
      if (!namesHeader(headers, name)) flat.push(name, pending[index + 1]!);
    }
    for (const name in headers) flat.push(name, headers[name]!);
    this.#res.writeHead(status, flat as unknown as string[]);
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.#pending !== undefined) this.#handOverPending();
    return this.#res.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.#res.once('drain', listener);
  }

  end(chunk?: string | Uint8Array): void {
    if (this.#pending !== undefined) this.#handOverPending();
    if (chunk === undefined) this.#res.end();
    else this.#res.end(chunk);
  }

  onClose(listener: (finished: boolean) => void): void {
    const res = this.#res;
    res.on('close', () => listener(res.writableFinished));
  }

  destroy(): void {
    this.#res.destroy();
  }

  /** A write or end without `start` (node:http's implicit 200): the waiting headers go with it. */
  #handOverPending(): void {
    const pending = this.#pending!;
    this.#pending = undefined;
    if (this.#res.headersSent) return;
    for (let index = 0; index < pending.length; index += 2) this.#res.setHeader(pending[index]!, pending[index + 1]!);
  }
}

/** Whether `headers` has `name`, in any case. */
function namesHeader(headers: ResponseHeaders, name: string): boolean {
  if (name in headers) return true;
  for (const key in headers) if (sameName(key, name)) return true;
  return false;
}

/** Header names compare without case; most differ in length, which needs no lower-casing. */
function sameName(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}

export function nodeProxyRequest(req: IncomingMessage): ProxyRequest {
  return new NodeProxyRequest(req);
}

export function nodeResponseSink(res: ServerResponse): ResponseSink {
  return new NodeResponseSink(res);
}

/** Reads the request body up to `limit` bytes; a larger body is a 413 that names the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): RequestTooLargeError {
  return new RequestTooLargeError(`Request body is larger than the limit of ${limit} bytes (set MAX_BODY_BYTES to change it).`);
}
