import type { ProxyError } from '../../errors/proxy-error.js';
import type { ResponseSink } from '../../http/proxy-request.js';
import { relaySse, type SseRelayOutcome } from '../../http/relay-sse.js';
import type { ResponsesStreamEvent } from '../../protocols/openai-responses/types.js';
import { encodeResponsesEvent } from '../../protocols/openai-responses/encode-event.js';
import { encodeSseComment } from '../../sse/sse-encoder.js';
import type { UpstreamResponse } from '../../upstream/upstream-client.js';

/** What the relay needs of a stream's translation into Responses events, whatever the backend speaks. */
export interface ResponsesStreamSource {
  /** One upstream `data:` payload -> the Responses events it gives. */
  push(data: string): ResponsesStreamEvent[];
  finish(): ResponsesStreamEvent[];
  fail(error: ProxyError): ResponsesStreamEvent[];
  readonly isDone: boolean;
  readonly failure: ProxyError | undefined;
}

/** Each event as OpenAI sends it: `event: <type>` and `data: <json>`. */
export function encodeResponsesEvents(events: readonly ResponsesStreamEvent[]): string {
  let frames = '';
  for (const event of events) frames += encodeResponsesEvent(event);
  return frames;
}

/**
 * An upstream event stream to a Responses client: events as they arrive, one terminal event
 * (`response.completed`, `.incomplete` or `.failed`); a failure before the first event is no
 * event at all, so the outcome carries it and the client gets a real HTTP error.
 */
export function relayToResponses(
  upstream: UpstreamResponse,
  res: ResponseSink,
  source: ResponsesStreamSource,
  options: { pingIntervalMs: number; backendLabel: string; onInternalError?: (thrown: unknown) => void },
): Promise<SseRelayOutcome> {
  return relaySse(upstream, res, {
    onEvent: ({ data }) => encodeResponsesEvents(source.push(data)),
    isDone: () => source.isDone,
    onEnd: () => encodeResponsesEvents(source.finish()),
    onError: (error) => encodeResponsesEvents(source.fail(error)),
    // An SSE comment: a keep-alive without an event, which would need a sequence number.
    keepAlive: () => encodeSseComment('ping'),
    failure: () => source.failure,
  }, options);
}
