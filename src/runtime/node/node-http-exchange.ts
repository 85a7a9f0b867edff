import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTooLargeError } from '../../errors/proxy-error.js';
import type { ProxyRequest, ResponseHeaders, ResponseSink } from '../../http/proxy-request.js';

/** node:http's request as a ProxyRequest. */
export function nodeProxyRequest(req: IncomingMessage): ProxyRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    readBody: (limit) => readBody(req, limit),
    discardBody: () => {
      req.resume();
    },
  };
}

/** node:http's response as a ResponseSink: every call is the ServerResponse's own. */
export function nodeResponseSink(res: ServerResponse): ResponseSink {
  return {
    get headersSent() {
      return res.headersSent;
    },
    get closed() {
      return res.destroyed || res.writableEnded;
    },
    setHeader: (name, value) => {
      res.setHeader(name, value);
    },
    start: (status: number, headers: ResponseHeaders) => {
      res.writeHead(status, headers);
    },
    write: (chunk) => res.write(chunk),
    onDrain: (listener) => {
      res.once('drain', listener);
    },
    end: (chunk) => {
      if (chunk === undefined) res.end();
      else res.end(chunk);
    },
    onClose: (listener) => {
      res.on('close', () => listener(res.writableFinished));
    },
    destroy: () => {
      res.destroy();
    },
  };
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
