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

/** node:http's response as a ResponseSink: every call is the ServerResponse's own. */
class NodeResponseSink implements ResponseSink {
  readonly #res: ServerResponse;

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
    this.#res.setHeader(name, value);
  }

  start(status: number, headers: ResponseHeaders): void {
    this.#res.writeHead(status, headers);
  }

  write(chunk: string | Uint8Array): boolean {
    return this.#res.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.#res.once('drain', listener);
  }

  end(chunk?: string | Uint8Array): void {
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
