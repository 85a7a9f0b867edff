import type { ServerResponse } from 'node:http';
import { mapUpstreamFailure, type UpstreamResponse } from '../backends/upstream-client.js';
import { UpstreamProtocolError, type ProxyError } from '../errors/proxy-error.js';
import { SseDecoder, SseEventTooLargeError, type SseEvent } from '../sse/sse-decoder.js';
import { SSE_HEADERS } from './http-io.js';

/** The protocol-specific half of a stream relay: what to write for each upstream happening. */
export interface SseRelayHandlers {
  /** One upstream SSE event -> the client frames to write now, and whether the stream is over. */
  onEvent(event: SseEvent): { frames: string; done: boolean };
  /** The upstream body ended -> the closing frames. */
  onEnd(): string;
  /** The upstream failed mid-stream -> the client protocol's error frame. */
  onError(error: ProxyError): string;
  /** A keep-alive frame for a silent upstream. */
  keepAlive(): string;
}

export interface SseRelayOptions {
  pingIntervalMs: number;
  backendLabel: string;
}

/**
 * Pipes an upstream SSE body to the client through a translator: each upstream chunk is
 * decoded, translated and written as it arrives (never buffered), with backpressure (the
 * upstream is paused while the client's socket is full), keep-alive frames while the upstream
 * is silent, and exactly one ending. The client's disconnect destroys the upstream body.
 */
export function relaySse(
  upstream: UpstreamResponse,
  res: ServerResponse,
  handlers: SseRelayHandlers,
  options: SseRelayOptions,
): Promise<void> {
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  const body = upstream.body;
  return new Promise<void>((resolve) => {
    let ended = false;
    let lastWrite = Date.now();
    let awaitingDrain = false;

    const write = (frames: string) => {
      if (frames.length === 0 || res.writableEnded) return;
      lastWrite = Date.now();
      // One drain listener at a time, however many frames one upstream chunk produced.
      if (!res.write(frames) && !awaitingDrain) {
        awaitingDrain = true;
        body.pause();
        res.once('drain', () => {
          awaitingDrain = false;
          body.resume();
        });
      }
    };
    const end = (frames: string) => {
      if (ended) return;
      ended = true;
      clearInterval(pinger);
      const last = pending + frames;
      pending = '';
      if (!res.writableEnded) res.end(last.length > 0 ? last : undefined);
      releaseUpstream(body);
      resolve();
    };

    // The frames of one upstream chunk, written together once the chunk is decoded: a chunk
    // often carries many events, and one res.write each costs a chunked-encoding frame and an
    // iovec apiece (the biggest item of a streaming profile). Nothing waits for a later chunk.
    let pending = '';
    const decoder = new SseDecoder({
      onEvent: (event) => {
        if (ended) return;
        const { frames, done } = handlers.onEvent(event);
        if (done) end(frames);
        else pending += frames;
      },
    });

    const pinger = setInterval(() => {
      if (!ended && Date.now() - lastWrite >= options.pingIntervalMs) write(handlers.keepAlive());
    }, Math.max(50, Math.floor(options.pingIntervalMs / 2)));
    pinger.unref();

    body.on('data', (chunk: Buffer) => {
      if (ended) return;
      try {
        decoder.push(chunk);
      } catch (error) {
        end(handlers.onError(decodeFailure(error, options.backendLabel)));
        return;
      }
      if (pending.length > 0) {
        const frames = pending;
        pending = '';
        write(frames);
      }
    });
    body.on('end', () => {
      if (ended) return;
      decoder.end();
      end(handlers.onEnd());
    });
    body.on('error', (error) => {
      if (!ended) end(handlers.onError(mapUpstreamFailure(error, options.backendLabel)));
    });
    res.on('close', () => {
      if (ended) return;
      ended = true;
      clearInterval(pinger);
      body.destroy();
      resolve();
    });
  });
}

/**
 * Lets go of the upstream body once the client's stream has ended. After the last event the body
 * usually has nothing left but its end, which undici delivers within this turn of the event
 * loop; destroying it first makes undici build an abort error (a stack trace) for every stream.
 * So it gets one turn to end by itself, and whatever is still open then is destroyed.
 */
function releaseUpstream(body: UpstreamResponse['body']): void {
  if (body.destroyed || body.readableEnded) return;
  setImmediate(() => {
    if (!body.destroyed && !body.readableEnded) body.destroy();
  });
}

function decodeFailure(error: unknown, label: string): ProxyError {
  if (error instanceof SseEventTooLargeError) {
    return new UpstreamProtocolError(`Backend ${label} ${error.message}`, { cause: error });
  }
  return mapUpstreamFailure(error, label);
}
