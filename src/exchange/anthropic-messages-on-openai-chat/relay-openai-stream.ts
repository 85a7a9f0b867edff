import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { encodeAnthropicEvent } from '../../protocols/anthropic/encode-event.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { encodeSseComment } from '../../sse/sse-encoder.js';
import type { ResponseSink } from '../../http/proxy-request.js';
import { relaySse, type SseRelayOutcome } from '../../http/relay-sse.js';
import type { OpenAIToAnthropicStreamTranslator } from '../../translate/anthropic-on-openai-chat/stream-translator.js';
import { finishOpenAIStream, translateOpenAIStreamData } from '../../translate/anthropic-on-openai-chat/translate-stream-data.js';

export interface RelayOptions {
  pingIntervalMs: number;
  backendLabel: string;
  /** Called with every event batch before it is written (debug logging). */
  onEvents?: (events: AnthropicStreamEvent[]) => void;
  /** Called with every upstream `data:` payload as received (debug logging). */
  onUpstreamData?: (data: string) => void;
  /** A translator threw (a bug): for its stack in the log. */
  onInternalError?: (thrown: unknown) => void;
}

/**
 * An upstream OpenAI chunk stream to an Anthropic client, through the stream translator. Ends
 * with `message_stop`, or an `error` frame when the upstream fails, sends garbage or stops early;
 * when that error comes before any event, nothing is written and the outcome carries it.
 */
export function relayOpenAIStreamToAnthropic(
  upstream: UpstreamResponse,
  res: ResponseSink,
  translator: OpenAIToAnthropicStreamTranslator,
  options: RelayOptions,
): Promise<SseRelayOutcome> {
  let started = false;
  const encode = (events: AnthropicStreamEvent[]): string => {
    if (events.length === 0) return '';
    options.onEvents?.(events);
    let frames = '';
    for (const event of events) {
      if (event.type === 'message_start') started = true;
      frames += encodeAnthropicEvent(event);
    }
    return frames;
  };
  return relaySse(upstream, res, {
    onEvent: ({ data }) => {
      options.onUpstreamData?.(data);
      return encode(translateOpenAIStreamData(translator, data, options.backendLabel));
    },
    isDone: () => translator.isDone,
    onEnd: () => encode(finishOpenAIStream(translator)),
    onError: (error) => encode(translator.fail(error)),
    // Before message_start a `ping` event would break the grammar; a comment keeps the socket alive.
    keepAlive: () => (started ? encode([{ type: 'ping' }]) : encodeSseComment('ping')),
    failure: () => translator.failure,
  }, options);
}
