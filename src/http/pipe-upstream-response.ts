import type { ServerResponse } from 'node:http';
import { readUpstreamText, type UpstreamResponse } from '../upstream/upstream-client.js';
import { redactSecrets } from '../log/logger.js';

/** Response headers worth passing from an OpenAI backend to an OpenAI client. */
const forwardedHeaders = ['content-type', 'retry-after', 'x-request-id', 'openai-processing-ms'];

/** Largest backend error body passed on (read whole so that it can be redacted). */
const maxErrorBodyBytes = 1024 * 1024;

/**
 * OpenAI client -> OpenAI backend: no translation at all. Status, the useful headers and the
 * body bytes are piped through as they arrive (errors are already in the client's protocol).
 * An error body (status >= 400) is read whole first and redacted: backends quote the key they
 * were given (`Incorrect API key provided: sk-…`), and it must not reach the client.
 */
export async function pipeOpenAIResponse(
  upstream: UpstreamResponse,
  res: ServerResponse,
  secrets: readonly string[],
  label: string,
): Promise<void> {
  if (upstream.statusCode >= 400) {
    const text = await readUpstreamText(upstream, maxErrorBodyBytes, label).catch(() => '');
    const body = redactSecrets(text, secrets);
    res.writeHead(upstream.statusCode, { ...forwardedHeadersOf(upstream), 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  return pipeBody(upstream, res);
}

function forwardedHeadersOf(upstream: UpstreamResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of forwardedHeaders) {
    const value = upstream.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function pipeBody(upstream: UpstreamResponse, res: ServerResponse): Promise<void> {
  const headers = forwardedHeadersOf(upstream);
  if (headers['content-type']?.includes('text/event-stream')) {
    headers['cache-control'] = 'no-cache';
    headers['x-accel-buffering'] = 'no';
  }
  res.writeHead(upstream.statusCode, headers);
  // `pipe` rather than stream.pipeline(): on Node 20 pipeline costs an AbortController per call.
  return new Promise((resolve) => {
    const body = upstream.body;
    body.on('error', () => res.destroy());
    res.on('close', () => {
      // The client went away (or we finished): release the upstream request at once.
      if (!body.destroyed) body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}
