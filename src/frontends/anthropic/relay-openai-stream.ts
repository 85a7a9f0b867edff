import type { ServerResponse } from 'node:http';
import type { UpstreamResponse } from '../../backends/upstream-client.js';
import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { encodeAnthropicEvent } from '../../protocols/anthropic/encode-event.js';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import { encodeSseComment } from '../../sse/sse-encoder.js';
import { relaySse } from '../../app/relay-sse.js';
import type { OpenAIToAnthropicStreamTranslator } from '../../translate/anthropic-to-openai/stream-translator.js';

export interface RelayOptions {
  pingIntervalMs: number;
  backendLabel: string;
  /** Called with every event batch before it is written (debug logging). */
  onEvents?: (events: AnthropicStreamEvent[]) => void;
  /** Called with every upstream `data:` payload as received (debug logging). */
  onUpstreamData?: (data: string) => void;
}

/**
 * An upstream OpenAI chunk stream to an Anthropic client, through the stream translator. Ends
 * with `message_stop`, or an `error` frame when the upstream fails, sends garbage or stops early.
 */
export function relayOpenAIStreamToAnthropic(
  upstream: UpstreamResponse,
  res: ServerResponse,
  translator: OpenAIToAnthropicStreamTranslator,
  options: RelayOptions,
): Promise<void> {
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
      if (data === '[DONE]') return { frames: encode(translator.finish()), done: true };
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        const error = new UpstreamProtocolError(`Backend ${options.backendLabel} sent a stream event that is not JSON: ${data.slice(0, 200)}`);
        return { frames: encode(translator.fail(error)), done: true };
      }
      return { frames: encode(translator.push(chunk)), done: translator.isDone };
    },
    onEnd: () => encode(translator.finish({ upstreamEndedWithoutDone: true })),
    onError: (error) => encode(translator.fail(error)),
    // Before message_start a `ping` event would break the grammar; a comment keeps the socket alive.
    keepAlive: () => (started ? encode([{ type: 'ping' }]) : encodeSseComment('ping')),
  }, options);
}
