import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import type { ResponsesStreamEvent } from '../../protocols/openai-responses/types.js';
import type { OpenAIToAnthropicStreamTranslator } from '../../translate/anthropic-on-openai-chat/stream-translator.js';
import { finishOpenAIStream, translateOpenAIStreamData } from '../../translate/anthropic-on-openai-chat/translate-stream-data.js';
import type { AnthropicToResponsesStreamTranslator } from '../../translate/openai-responses-on-anthropic/stream-translator.js';
import type { ResponsesStreamSource } from '../openai-responses-on-anthropic/relay-responses-stream.js';

/** Chat chunks -> Anthropic events -> Responses events, chunk by chunk: the two steps as one source for the relay. */
export function chatToResponsesSource(
  toAnthropic: OpenAIToAnthropicStreamTranslator,
  toResponses: AnthropicToResponsesStreamTranslator,
  label: string,
): ResponsesStreamSource {
  const onward = (events: readonly AnthropicStreamEvent[]) => pushEach(toResponses, events);
  return {
    push: (data) => onward(translateOpenAIStreamData(toAnthropic, data, label)),
    finish: () => [...onward(toAnthropic.isDone ? [] : finishOpenAIStream(toAnthropic)), ...toResponses.finish()],
    // Through the first step, so that its view of the failure (and its usage) stays right.
    fail: (error) => [...onward(toAnthropic.fail(error)), ...toResponses.fail(error)],
    get isDone() {
      return toResponses.isDone;
    },
    get failure() {
      return toResponses.failure ?? toAnthropic.failure;
    },
  };
}

/** The second step over the first's events; a plain loop, as `flatMap` cost more per chunk than the step itself. */
function pushEach(toResponses: AnthropicToResponsesStreamTranslator, events: readonly AnthropicStreamEvent[]): ResponsesStreamEvent[] {
  if (events.length === 1) return toResponses.push(events[0]!);
  const out: ResponsesStreamEvent[] = [];
  for (const event of events) for (const next of toResponses.push(event)) out.push(next);
  return out;
}
