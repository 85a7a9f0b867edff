/**
 * Anthropic's thinking controls -> OpenAI's `reasoning_effort`.
 *
 * `output_config.effort` is the client's direct statement and wins; otherwise an explicit
 * `budget_tokens` is bucketed (<4096 low, <16384 medium, else high). `adaptive` without an effort
 * leaves the choice to the model (no field). `disabled` sends nothing: most reasoning models
 * cannot switch reasoning off, and the values that do (`none`, `minimal`) differ per family.
 */
import type { AnthropicOutputConfig, AnthropicThinkingConfig } from '../../protocols/anthropic/types.js';
import type { ConvertedReasoningEffort } from './converted-request-types.js';

const effortByAnthropicEffort = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  // OpenAI-compatible backends top out at `high` (only a few OpenAI models know `xhigh`).
  xhigh: 'high',
  max: 'high',
} as const satisfies Record<string, ConvertedReasoningEffort>;

export const lowBudgetBelow = 4096;
export const mediumBudgetBelow = 16_384;

function isKnownEffort(effort: string): effort is keyof typeof effortByAnthropicEffort {
  return Object.hasOwn(effortByAnthropicEffort, effort);
}

/** The effort to send, or undefined when the request does not ask for a specific one. */
export function mapThinkingToReasoningEffort(
  thinking: AnthropicThinkingConfig | undefined,
  outputConfig: AnthropicOutputConfig | undefined,
): ConvertedReasoningEffort | undefined {
  if (thinking?.type === 'disabled') return undefined;
  const effort = outputConfig?.effort;
  if (typeof effort === 'string' && isKnownEffort(effort)) return effortByAnthropicEffort[effort];
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') {
    if (thinking.budget_tokens < lowBudgetBelow) return 'low';
    if (thinking.budget_tokens < mediumBudgetBelow) return 'medium';
    return 'high';
  }
  return undefined;
}
