import { readUpstreamText, type UpstreamResponse } from '../upstream/upstream-client.js';
import { redactSecrets } from '../log/logger.js';
import type { ResponseSink } from './proxy-request.js';

const encoder = new TextEncoder();

/** Largest backend error body passed on (read whole so that it can be redacted). */
const maxErrorBodyBytes = 1024 * 1024;

export interface PipeOptions {
  /** Credentials that must not reach the client (an error body may quote them). */
  secrets: readonly string[];
  /** Human label of the backend for error messages. */
  label: string;
  /** Response headers passed on; a name ending in `*` passes every header with that prefix. */
  forwardedHeaders: readonly string[];
  /** Sees each body chunk of a successful answer as it passes (the token usage scan); must not keep or change it. */
  onChunk?: (chunk: Uint8Array) => void;
}

/**
 * A passthrough's answer (the client and the backend speak the same API): status, the listed
 * headers and the body bytes are piped through as they arrive (errors are already in the
 * client's protocol). An error body (status >= 400) is read whole first and redacted: backends
 * quote the key they were given (`Incorrect API key provided: sk-…`), and it must not reach the client.
 */
export async function pipeUpstreamResponse(upstream: UpstreamResponse, res: ResponseSink, options: PipeOptions): Promise<void> {
  const headers = forwardedHeadersOf(upstream, options.forwardedHeaders);
  if (upstream.statusCode >= 400) {
    const text = await readUpstreamText(upstream, maxErrorBodyBytes, options.label).catch(() => '');
    const body = encoder.encode(redactSecrets(text, options.secrets));
    res.start(upstream.statusCode, { ...headers, 'content-length': body.byteLength });
    res.end(body);
    return;
  }
  return pipeBody(upstream, res, headers, options.onChunk);
}

function forwardedHeadersOf(upstream: UpstreamResponse, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    if (name.endsWith('*')) {
      const prefix = name.slice(0, -1);
      for (const [header, value] of Object.entries(upstream.headers)) {
        if (header.startsWith(prefix) && typeof value === 'string') headers[header] = value;
      }
    } else {
      const value = upstream.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
  }
  return headers;
}

function pipeBody(upstream: UpstreamResponse, res: ResponseSink, headers: Record<string, string>, onChunk?: (chunk: Uint8Array) => void): Promise<void> {
  if (headers['content-type']?.includes('text/event-stream')) {
    headers['cache-control'] = 'no-cache';
    headers['x-accel-buffering'] = 'no';
  }
  res.start(upstream.statusCode, headers);
  // What `pipe` does, onto the sink: each chunk as it arrives, paused while the client is full.
  return new Promise((resolve) => {
    const body = upstream.body;
    let waiting = false;
    let firstChunk = upstream.onFirstChunk;
    body.on('data', (chunk: Uint8Array) => {
      if (firstChunk !== undefined) {
        firstChunk();
        firstChunk = undefined;
      }
      onChunk?.(chunk);
      if (res.write(chunk) || waiting) return;
      waiting = true;
      body.pause();
      res.onDrain(() => {
        waiting = false;
        body.resume();
      });
    });
    body.on('end', () => res.end());
    body.on('error', () => res.destroy());
    res.onClose(() => {
      // The client went away (or we finished): release the upstream request at once.
      if (!body.destroyed) body.destroy();
      resolve();
    });
  });
}
