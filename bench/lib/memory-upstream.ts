/**
 * An UpstreamClient that answers from memory with the bench mock's payloads (bench/lib/mock-payloads.ts):
 * the proxy's real handler without a backend socket, for bench/handler-cpu.ts and bench/lib/layer-server.ts.
 */
import { Readable } from 'node:stream';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../src/upstream/upstream-client.js';
import { anthropicMessage, anthropicStream, openAICompletion, openAIStream, type StreamPayload } from './mock-payloads.js';

/** The mock backend's answer to a call: a Chat completion or an Anthropic message, whole or as `chunks` text chunks. */
function mockAnswer(url: string, body: string, chunks: number): { headers: Record<string, string>; chunks: Buffer[] } {
  const stream = body.includes('"stream":true');
  const sse = { 'content-type': 'text/event-stream' };
  const json = { 'content-type': 'application/json' };
  const streamChunks = (payload: StreamPayload) => [payload.head, ...Array.from({ length: chunks }, () => payload.text), payload.tail(chunks)];
  if (url.endsWith('/chat/completions')) return stream ? { headers: sse, chunks: streamChunks(openAIStream) } : { headers: json, chunks: [openAICompletion] };
  return stream ? { headers: sse, chunks: streamChunks(anthropicStream) } : { headers: json, chunks: [anthropicMessage] };
}

export function memoryUpstream(streamChunks: number): UpstreamClient {
  return {
    send(request: UpstreamRequest): Promise<UpstreamResponse> {
      const text = typeof request.body === 'string' ? request.body : Buffer.from(request.body ?? '').toString();
      const answer = mockAnswer(request.url, text, streamChunks);
      return Promise.resolve({
        statusCode: 200,
        headers: answer.headers,
        body: Readable.from(answer.chunks, { objectMode: false }),
        failure: (error: unknown) => new ProxyError('api_error', String(error), { status: 502 }),
      });
    },
  };
}
