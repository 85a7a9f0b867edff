import type { RequestScope } from '../http/request-scope.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../upstream/upstream-client.js';

/**
 * The runtime's upstream client, timed for one request: each call from its send to its body's
 * end (or error) goes into the request's upstream time, which the gateway-overhead metric
 * subtracts from the total; the first body chunk of a successful stream marks `firstChunkMs`
 * (the time to first token), through the response's `onFirstChunk`, which its relay calls.
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
  // Only a stream has a first token worth timing; its relay calls the hook at its first chunk.
  if (response.statusCode >= 400 || !isEventStream(response)) return response;
  const startedAt = scope.startedAt;
  return { ...response, onFirstChunk: () => { scope.log.firstChunkMs ??= performance.now() - startedAt; } };
}

function isEventStream(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return (Array.isArray(type) ? type.join(',') : type ?? '').includes('text/event-stream');
}
