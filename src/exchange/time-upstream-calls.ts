import type { RequestScope } from '../http/request-scope.js';
import type { UpstreamBody, UpstreamClient, UpstreamRequest, UpstreamResponse } from '../upstream/upstream-client.js';

/**
 * The runtime's upstream client, timed for one request: each call from its send to its body's
 * end (or error) goes into the request's upstream time, which the gateway-overhead metric
 * subtracts from the total; the first body chunk of a successful answer marks `firstChunkMs`
 * (the time to first token of a stream).
 */
export function timeUpstreamCalls(client: UpstreamClient, scope: RequestScope): UpstreamClient {
  return new TimedUpstreamClient(client, scope);
}

/** A class rather than an object literal of closures: one is made per upstream call (issue 13). */
class TimedUpstreamClient implements UpstreamClient {
  readonly #client: UpstreamClient;
  readonly #scope: RequestScope;

  constructor(client: UpstreamClient, scope: RequestScope) {
    this.#client = client;
    this.#scope = scope;
  }

  /** A `then`, not an async function: one promise per call instead of two (issue 13). */
  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const scope = this.#scope;
    const endCall = scope.startUpstreamCall();
    let sending: Promise<UpstreamResponse>;
    try {
      sending = this.#client.send(request);
    } catch (error) {
      endCall();
      return Promise.reject(error);
    }
    return sending.then(
      (response) => timed(response, scope, endCall),
      (error: unknown) => {
        endCall();
        throw error;
      },
    );
  }
}

function timed(response: UpstreamResponse, scope: RequestScope, endCall: () => void): UpstreamResponse {
  // Listening for the end does not start the body's flow (a 'data' listener would).
  response.body.on('end', endCall);
  response.body.on('error', endCall);
  // Only a stream has a first token worth timing; a whole JSON answer keeps its own body
  // (a wrapper costs every read of it).
  if (response.statusCode >= 400 || !isEventStream(response)) return response;
  const startedAt = scope.startedAt;
  return { ...response, body: markingFirstChunk(response.body, () => { scope.log.firstChunkMs ??= performance.now() - startedAt; }) };
}

/**
 * The same body, calling `mark` before its first chunk reaches whoever reads it. Wrapped rather
 * than listened to: a 'data' listener of our own would set the body flowing before the relay is
 * ready for it.
 */
function markingFirstChunk(body: UpstreamBody, mark: () => void): UpstreamBody {
  let marked = false;
  const first = () => {
    if (marked) return;
    marked = true;
    mark();
  };
  const wrapped = {
    on(event: 'data' | 'end' | 'error', listener: (argument: never) => void) {
      if (event === 'data') {
        const onData = listener as (chunk: Uint8Array) => void;
        body.on('data', (chunk: Uint8Array) => {
          first();
          onData(chunk);
        });
      } else {
        body.on(event as 'error', listener as (error: unknown) => void);
      }
      return wrapped;
    },
    pause: () => body.pause(),
    resume: () => body.resume(),
    destroy: () => body.destroy(),
    get destroyed() {
      return body.destroyed;
    },
    get readableEnded() {
      return body.readableEnded;
    },
    async *[Symbol.asyncIterator]() {
      for await (const chunk of body) {
        first();
        yield chunk;
      }
    },
  };
  return wrapped as UpstreamBody;
}

function isEventStream(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return (Array.isArray(type) ? type.join(',') : type ?? '').includes('text/event-stream');
}
