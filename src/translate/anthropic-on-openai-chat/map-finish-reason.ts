import type { AnthropicStopReason } from '../../protocols/anthropic/types.js';
import type { OpenAIFinishReason } from '../../protocols/openai/types.js';
import type { TranslationWarning } from '../types.js';

const stopReasonByFinishReason = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
} as const satisfies Record<OpenAIFinishReason, AnthropicStopReason>;

/** What else the translator saw in the response, which refines the bare finish reason. */
export interface FinishFacts {
  /** At least one `tool_use` block was produced. */
  hasToolUse: boolean;
  /** The backend sent a non-empty `refusal`. */
  hasRefusal: boolean;
  /** vLLM's `stop_reason`: the matched stop string (or a token id). */
  matchedStop?: unknown;
  /** The client's `stop_sequences`. */
  stopSequences?: string[];
}

export interface MappedFinishReason {
  stopReason: AnthropicStopReason;
  stopSequence: string | null;
  warning?: TranslationWarning;
}

function isKnownFinishReason(value: string): value is OpenAIFinishReason {
  return Object.hasOwn(stopReasonByFinishReason, value);
}

/**
 * OpenAI `finish_reason` -> Anthropic `stop_reason` (+ `stop_sequence`).
 *
 * OpenAI does not say which stop sequence matched; only vLLM does (`stop_reason` next to
 * `finish_reason`). So `stop_sequence` is reported only when that value is one of the client's
 * stop sequences; otherwise a `stop` is an `end_turn` (guessing from the text would be wrong when
 * the model simply ended its turn).
 */
export function mapOpenAIFinishReasonToAnthropic(
  finishReason: string | null | undefined,
  facts: FinishFacts,
): MappedFinishReason {
  if (finishReason === null || finishReason === undefined) {
    return {
      stopReason: facts.hasToolUse ? 'tool_use' : facts.hasRefusal ? 'refusal' : 'end_turn',
      stopSequence: null,
      warning: { code: 'missing_finish_reason', message: 'Upstream sent no finish_reason; assuming the turn ended.' },
    };
  }
  if (!isKnownFinishReason(finishReason)) {
    return {
      stopReason: facts.hasToolUse ? 'tool_use' : 'end_turn',
      stopSequence: null,
      warning: { code: 'unknown_finish_reason', message: `Unknown finish_reason "${finishReason}" mapped to end_turn.` },
    };
  }
  const mapped: AnthropicStopReason = stopReasonByFinishReason[finishReason];
  if (mapped !== 'end_turn') return { stopReason: mapped, stopSequence: null };
  // Some providers (Gemini, OpenRouter) say `stop` although the message carries tool calls.
  if (facts.hasToolUse) return { stopReason: 'tool_use', stopSequence: null };
  if (facts.hasRefusal) return { stopReason: 'refusal', stopSequence: null };
  const matched = facts.matchedStop;
  if (typeof matched === 'string' && facts.stopSequences?.includes(matched)) {
    return { stopReason: 'stop_sequence', stopSequence: matched };
  }
  return { stopReason: 'end_turn', stopSequence: null };
}
