import type { ServerResponse } from 'node:http';
import { mapUpstreamFailure, type UpstreamResponse } from '../backends/upstream-client.js';
import type { ProxyError } from '../errors/proxy-error.js';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder.js';
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

    const write = (frames: string) => {
      if (frames.length === 0 || res.writableEnded) return;
      lastWrite = Date.now();
      if (!res.write(frames)) {
        body.pause();
        res.once('drain', () => body.resume());
      }
    };
    const end = (frames: string) => {
      if (ended) return;
      ended = true;
      clearInterval(pinger);
      if (!res.writableEnded) res.end(frames.length > 0 ? frames : undefined);
      if (!body.destroyed) body.destroy();
      resolve();
    };

    const decoder = new SseDecoder({
      onEvent: (event) => {
        if (ended) return;
        const { frames, done } = handlers.onEvent(event);
        if (done) end(frames);
        else write(frames);
      },
    });

    const pinger = setInterval(() => {
      if (!ended && Date.now() - lastWrite >= options.pingIntervalMs) write(handlers.keepAlive());
    }, Math.max(50, Math.floor(options.pingIntervalMs / 2)));
    pinger.unref();

    body.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch (error) {
        end(handlers.onError(mapUpstreamFailure(error, options.backendLabel)));
      }
    });
    body.on('end', () => {
      if (ended) return;
      decoder.end();
      end(handlers.onEnd());
    });
    body.on('error', (error) => end(handlers.onError(mapUpstreamFailure(error, options.backendLabel))));
    res.on('close', () => {
      if (ended) return;
      ended = true;
      clearInterval(pinger);
      body.destroy();
      resolve();
    });
  });
}
