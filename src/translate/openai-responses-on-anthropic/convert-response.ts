/**
 * A whole Anthropic message -> a Responses API response object. It is the stream translator run
 * over the message's own events, so a streamed and a non-streamed answer cannot drift apart.
 */
import type { AnthropicMessage } from '../../protocols/anthropic/types.js';
import type { ResponsesResponse } from '../../protocols/openai-responses/types.js';
import { anthropicMessageToStreamEvents } from '../anthropic-message-to-stream-events.js';
import type { Translated, TranslationContext } from '../types.js';
import type { ResponsesToolMap } from './convert-tools.js';
import { createAnthropicToResponsesStreamTranslator, type ResponsesEcho } from './stream-translator.js';

export function convertAnthropicMessageToResponse(message: AnthropicMessage, context: TranslationContext, echo: ResponsesEcho, toolMap: ResponsesToolMap): Translated<ResponsesResponse> {
  const translator = createAnthropicToResponsesStreamTranslator(context, echo, toolMap);
  for (const event of anthropicMessageToStreamEvents(message)) translator.push(event);
  translator.finish();
  return { value: translator.final!, warnings: translator.warnings };
}
