import type { ServerResponse } from 'node:http';
import type { UpstreamResponse } from '../../backends/upstream-client.js';
import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { encodeSseComment, encodeSseFrame } from '../../sse/sse-encoder.js';
import { relaySse } from '../../app/relay-sse.js';
import type {
  AnthropicToOpenAIStreamTranslator,
  OpenAIStreamFrame,
} from '../../translate/openai-to-anthropic/stream-translator.js';

function encodeFrames(frames: OpenAIStreamFrame[]): string {
  let out = '';
  for (const frame of frames) out += encodeSseFrame(undefined, JSON.stringify(frame));
  return out;
}

/**
 * An upstream Anthropic event stream to an OpenAI client, through the stream translator: chunks
 * as they arrive, then `data: [DONE]`; or an OpenAI error payload as the last frame on failure.
 */
export function relayAnthropicStreamToOpenAI(
  upstream: UpstreamResponse,
  res: ServerResponse,
  translator: AnthropicToOpenAIStreamTranslator,
  options: { pingIntervalMs: number; backendLabel: string },
): Promise<void> {
  const closing = (frames: OpenAIStreamFrame[]) =>
    encodeFrames(frames) + (translator.phase === 'done' ? 'data: [DONE]\n\n' : '');
  return relaySse(upstream, res, {
    onEvent: ({ data }) => {
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch {
        const error = new UpstreamProtocolError(`Backend ${options.backendLabel} sent a stream event that is not JSON: ${data.slice(0, 200)}`);
        return { frames: encodeFrames(translator.fail(error)), done: true };
      }
      const frames = translator.push(event);
      const done = translator.phase === 'done' || translator.phase === 'failed';
      return { frames: done ? closing(frames) : encodeFrames(frames), done };
    },
    onEnd: () => closing(translator.finish()),
    onError: (error) => encodeFrames(translator.fail(error)),
    keepAlive: () => encodeSseComment('ping'),
  }, options);
}
