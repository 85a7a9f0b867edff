import type { AnthropicStopReason, AnthropicUsage } from '../../protocols/anthropic/types.js';
import type { OpenAIFinishReason, OpenAIUsage } from '../../protocols/openai/types.js';

/**
 * Anthropic stop reason -> OpenAI finish reason.
 * - `pause_turn` (a server tool paused a long turn) has no OpenAI equivalent; the turn did end
 *   for this response, so `stop` is the least surprising value for a chat client.
 * - `model_context_window_exceeded` is a length limit like `max_tokens`.
 * - `refusal` is a safety stop: OpenAI's `content_filter`.
 */
const finishReasonByStopReason = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'stop',
  model_context_window_exceeded: 'length',
} as const satisfies Record<AnthropicStopReason, OpenAIFinishReason>;

/** Unknown or missing stop reasons become `stop`; `known` says whether the table had it. */
export function mapAnthropicStopReasonToOpenAI(stopReason: unknown): { finishReason: OpenAIFinishReason; known: boolean } {
  if (typeof stopReason === 'string' && Object.hasOwn(finishReasonByStopReason, stopReason)) {
    return { finishReason: finishReasonByStopReason[stopReason as AnthropicStopReason], known: true };
  }
  return { finishReason: 'stop', known: false };
}

/**
 * Anthropic usage -> OpenAI usage. OpenAI's `prompt_tokens` counts every input token, cached or
 * not, while Anthropic splits input into uncached, cache-read and cache-write; so the three are
 * summed. Anthropic does not report thinking tokens separately, so `reasoning_tokens` is omitted
 * rather than invented.
 */
export function mapAnthropicUsageToOpenAI(usage: Partial<AnthropicUsage>): OpenAIUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + cacheCreation;
  const completionTokens = usage.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}
