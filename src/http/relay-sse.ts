import type { UpstreamResponse } from '../upstream/upstream-client.js';
import { ProxyError, toProxyError, UpstreamProtocolError } from '../errors/proxy-error.js';
import { SseDecoder, SseEventTooLargeError, type SseEvent } from '../sse/sse-decoder.js';
import { SSE_HEADERS } from './http-io.js';
import type { ResponseSink } from './proxy-request.js';

/** The protocol-specific half of a stream relay: what to write for each upstream happening. */
export interface SseRelayHandlers {
  /** One upstream SSE event -> the client frames to write now ('' for none). */
  onEvent(event: SseEvent): string;
  /** Whether the stream is over, asked after each event (a method, not a field of each event's answer: no object per event). */
  isDone(): boolean;
  /** The upstream body ended -> the closing frames. */
  onEnd(): string;
  /** The upstream failed mid-stream -> the client protocol's error frame. */
  onError(error: ProxyError): string;
  /** A keep-alive frame for a silent upstream. */
  keepAlive(): string;
  /** The error the translated stream ended with, if it failed. */
  failure(): ProxyError | undefined;
}

export interface SseRelayOptions {
  pingIntervalMs: number;
  backendLabel: string;
  /** A handler threw (a bug in a translator): told with the thrown value, for its stack in the log. */
  onInternalError?: (thrown: unknown) => void;
}

/** How a relay ended. */
export interface SseRelayOutcome {
  /**
   * The stream failed before its first frame: nothing was written, not even the status line,
   * so the caller answers with a real HTTP error (status, `retry-after`) in its own envelope.
   * A thrown value that is not a ProxyError is a bug in a translator (500, not logged yet).
   */
  unsentError?: unknown;
}

/**
 * Pipes an upstream SSE body to the client through a translator: each upstream chunk is
 * decoded, translated and written as it arrives (never buffered), with backpressure (the
 * upstream is paused while the client's socket is full), keep-alive frames while the upstream
 * is silent, and exactly one ending. The client's disconnect destroys the upstream body.
 *
 * The status line waits for the first frame: a stream whose first translated event is an error
 * (OpenRouter and Groq send rate limits that way, after their own HTTP 200) writes nothing and
 * resolves with `unsentError`, so the client gets a real 429/529 its retry logic understands.
 * A silent upstream commits the 200 with the first keep-alive, after `pingIntervalMs`: a client
 * (or a proxy between) that sees no bytes for long may give up, and a backend that refuses a
 * request does so at once, not after seconds of silence.
 */
export function relaySse(
  upstream: UpstreamResponse,
  res: ResponseSink,
  handlers: SseRelayHandlers,
  options: SseRelayOptions,
): Promise<SseRelayOutcome> {
  const body = upstream.body;
  return new Promise<SseRelayOutcome>((resolve) => {
    let ended = false;
    // Pinger ticks (every half interval) since the last write, the start counting as one tick
    // late: the third is at least pingIntervalMs after the last write, and the first ping of a
    // silent stream comes after pingIntervalMs, as with a clock read per write (a counter
    // instead: streams write every chunk).
    let quietTicks = 1;
    let awaitingDrain = false;
    const startHead = () => {
      // Written together with the first frame: one packet, no separate flush.
      if (!res.headersSent) res.start(200, SSE_HEADERS);
    };

    const write = (frames: string) => {
      if (frames.length === 0 || res.closed) return;
      startHead();
      quietTicks = 0;
      // One drain listener at a time, however many frames one upstream chunk produced.
      if (!res.write(frames) && !awaitingDrain) {
        awaitingDrain = true;
        body.pause();
        res.onDrain(() => {
          awaitingDrain = false;
          body.resume();
        });
      }
    };
    const finish = (outcome: SseRelayOutcome) => {
      ended = true;
      clearInterval(pinger);
      pending = '';
      releaseUpstream(body);
      resolve(outcome);
    };
    const end = (frames: string) => {
      if (ended) return;
      const failure = handlers.failure();
      if (failure !== undefined && pending.length === 0 && !res.headersSent) return finish({ unsentError: failure });
      const last = pending + frames;
      if (!res.closed) {
        startHead();
        res.end(last.length > 0 ? last : undefined);
      }
      finish({});
    };
    // A handler that throws is a bug: before the first frame it is the caller's 500, after it
    // the stream ends with the protocol's error frame. Never "cannot reach backend".
    const fault = (thrown: unknown) => {
      if (ended) return;
      if (pending.length === 0 && !res.headersSent) return finish({ unsentError: thrown });
      if (!(thrown instanceof ProxyError)) options.onInternalError?.(thrown);
      let frames = '';
      try {
        frames = handlers.onError(toProxyError(thrown));
      } catch (again) {
        options.onInternalError?.(again);
      }
      end(frames);
    };
    const guarded = (step: () => void) => {
      try {
        step();
      } catch (thrown) {
        fault(thrown);
      }
    };

    // The frames of one upstream chunk, written together once the chunk is decoded: a chunk
    // often carries many events, and one res.write each costs a chunked-encoding frame and an
    // iovec apiece (the biggest item of a streaming profile). Nothing waits for a later chunk.
    let pending = '';
    // A translator's exception is caught here, apart from the decoder's own failures (bad bytes).
    let handlerFault: { thrown: unknown } | undefined;
    const decoder = new SseDecoder({
      onEvent: (event) => {
        if (ended || handlerFault) return;
        let frames: string;
        let done: boolean;
        try {
          frames = handlers.onEvent(event);
          done = handlers.isDone();
        } catch (thrown) {
          handlerFault = { thrown };
          return;
        }
        if (done) end(frames);
        else pending += frames;
      },
    });

    const pinger = setInterval(() => {
      if (!ended && ++quietTicks >= 3) guarded(() => write(handlers.keepAlive()));
    }, Math.max(50, Math.floor(options.pingIntervalMs / 2)));
    // Node's timers are objects that can be unref'ed; a Worker's are plain numbers.
    (pinger as { unref?: () => void }).unref?.();

    let firstChunk = upstream.onFirstChunk;
    body.on('data', (chunk: Uint8Array) => {
      if (ended) return;
      if (firstChunk !== undefined) {
        firstChunk();
        firstChunk = undefined;
      }
      try {
        decoder.push(chunk);
      } catch (error) {
        guarded(() => end(handlers.onError(decodeFailure(upstream, error, options.backendLabel))));
        return;
      }
      if (handlerFault) return fault(handlerFault.thrown);
      if (pending.length > 0) {
        const frames = pending;
        pending = '';
        write(frames);
      }
    });
    body.on('end', () => {
      if (ended) return;
      guarded(() => {
        decoder.end();
        if (handlerFault) return fault(handlerFault.thrown);
        end(handlers.onEnd());
      });
    });
    body.on('error', (error) => {
      if (!ended) guarded(() => end(handlers.onError(upstream.failure(error))));
    });
    res.onClose(() => {
      if (ended) return;
      ended = true;
      clearInterval(pinger);
      body.destroy();
      resolve({});
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
  nextTurn(() => {
    if (!body.destroyed && !body.readableEnded) body.destroy();
  });
}

/** `setImmediate` where there is one (Node); a Worker has none, and a zero timeout is the next turn there. */
const nextTurn: (callback: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (callback) => setImmediate(callback) : (callback) => setTimeout(callback, 0);

function decodeFailure(upstream: UpstreamResponse, error: unknown, label: string): ProxyError {
  if (error instanceof SseEventTooLargeError) {
    return new UpstreamProtocolError(`Backend ${label} ${error.message}`, { cause: error });
  }
  return upstream.failure(error);
}
