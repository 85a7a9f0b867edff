import type { ServerResponse } from 'node:http';
import type { UpstreamResponse } from '../../backends/upstream-client.js';

/** Response headers worth passing from an OpenAI backend to an OpenAI client. */
const forwardedHeaders = ['content-type', 'retry-after', 'x-request-id', 'openai-processing-ms'];

/**
 * OpenAI client -> OpenAI backend: no translation at all. Status, the useful headers and the
 * body bytes are piped through as they arrive (errors are already in the client's protocol).
 */
export function pipeOpenAIResponse(upstream: UpstreamResponse, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of forwardedHeaders) {
    const value = upstream.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
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
