import type { UpstreamResponse } from '../../upstream/upstream-client.js';
import { OpenAIChunkFrameEncoder } from '../../protocols/openai/encode-chunk-frames.js';
import { encodeSseComment } from '../../sse/sse-encoder.js';
import type { ResponseSink } from '../../http/proxy-request.js';
import { relaySse, type SseRelayOutcome } from '../../http/relay-sse.js';
import type {
  AnthropicToOpenAIStreamTranslator,
  OpenAIStreamFrame,
} from '../../translate/openai-chat-on-anthropic/stream-translator.js';
import { isAnthropicStreamOver, translateAnthropicStreamData } from '../../translate/openai-chat-on-anthropic/translate-stream-data.js';

/**
 * An upstream Anthropic event stream to an OpenAI client, through the stream translator: chunks
 * as they arrive, then `data: [DONE]`; or an OpenAI error payload as the last frame on failure.
 * When that error comes before any chunk, nothing is written and the outcome carries it.
 */
export function relayAnthropicStreamToOpenAI(
  upstream: UpstreamResponse,
  res: ResponseSink,
  translator: AnthropicToOpenAIStreamTranslator,
  options: { pingIntervalMs: number; backendLabel: string; onInternalError?: (thrown: unknown) => void },
): Promise<SseRelayOutcome> {
  const encoder = new OpenAIChunkFrameEncoder();
  const encodeFrames = (frames: OpenAIStreamFrame[]) => encoder.encode(frames);
  const closing = (frames: OpenAIStreamFrame[]) =>
    encodeFrames(frames) + (translator.phase === 'done' ? 'data: [DONE]\n\n' : '');
  return relaySse(upstream, res, {
    onEvent: ({ data }) => {
      const frames = translateAnthropicStreamData(translator, data, options.backendLabel);
      return isAnthropicStreamOver(translator) ? closing(frames) : encodeFrames(frames);
    },
    isDone: () => isAnthropicStreamOver(translator),
    onEnd: () => closing(translator.finish()),
    onError: (error) => encodeFrames(translator.fail(error)),
    keepAlive: () => encodeSseComment('ping'),
    failure: () => translator.failure,
  }, options);
}
