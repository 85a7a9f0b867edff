import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicEffort, AnthropicMessagesRequest, AnthropicThinkingConfig, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest, OpenAIReasoningEffort } from '../../protocols/openai/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';

/** Anthropic's documented minimum thinking budget. */
const minimumThinkingBudget = 1024;

/** Thinking budgets per OpenAI effort; `none`/`minimal` mean "do not think". */
const thinkingBudgetByEffort = {
  none: 0,
  minimal: 0,
  low: 2048,
  medium: 8192,
  high: 24_576,
  xhigh: 32_768,
} as const satisfies Record<OpenAIReasoningEffort, number>;

type GenerationParams = Pick<AnthropicMessagesRequest, 'max_tokens' | 'thinking' | 'temperature' | 'top_p' | 'top_k'> & { effort?: AnthropicEffort };

/**
 * Anthropic requires `max_tokens`; OpenAI's `max_completion_tokens` (or legacy `max_tokens`) maps
 * 1:1 (both include thinking/reasoning tokens). Without one, the model's output limit is used.
 */
function resolveMaxTokens(request: OpenAIChatRequest, context: TranslationContext, warnings: TranslationWarning[]): number {
  const limit = context.capabilities.maxOutputTokens;
  const requested = request.max_completion_tokens ?? request.max_tokens;
  if (requested === undefined || requested === null) return limit;
  if (!Number.isInteger(requested) || requested < 1) throw new TranslationError('max_tokens must be a positive integer.', { param: 'max_completion_tokens' });
  if (requested <= limit) return requested;
  warnings.push({ code: 'clamped_max_tokens', message: `max tokens ${requested} exceeds the model's output limit; lowered to ${limit}.`, field: 'max_completion_tokens' });
  return limit;
}

/**
 * reasoning_effort -> extended thinking. The budget must stay below max_tokens; the client's
 * token limit is respected (it bounds reasoning too, as on OpenAI), so the budget is lowered to
 * half of it, and thinking is left off when even that is under Anthropic's minimum.
 */
function resolveThinking(
  request: OpenAIChatRequest,
  maxTokens: number,
  toolChoice: AnthropicToolChoice | undefined,
  inToolLoop: boolean,
  warnings: TranslationWarning[],
): AnthropicThinkingConfig | undefined {
  const effort = request.reasoning_effort;
  if (effort === undefined || effort === null) return undefined;
  if (!Object.hasOwn(thinkingBudgetByEffort, effort)) throw new TranslationError(`reasoning_effort ${String(effort)} is not supported.`, { param: 'reasoning_effort' });
  let budget: number = thinkingBudgetByEffort[effort];
  if (budget === 0) return undefined;
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') {
    warnings.push({ code: 'dropped_thinking', message: 'Claude cannot think when a tool call is forced; reasoning_effort ignored.', field: 'reasoning_effort' });
    return undefined;
  }
  if (inToolLoop) {
    // With thinking on, Claude requires the assistant turn that called the tools to begin with its
    // signed thinking block, which an OpenAI client cannot send back: Anthropic would answer 400.
    warnings.push({ code: 'dropped_thinking', message: 'Thinking is off for this turn: the last assistant turn called tools and OpenAI clients cannot return its signed thinking.', field: 'reasoning_effort' });
    return undefined;
  }
  if (budget >= maxTokens) {
    budget = Math.floor(maxTokens / 2);
    if (budget < minimumThinkingBudget) {
      warnings.push({ code: 'dropped_thinking', message: `max tokens ${maxTokens} leaves no room for a thinking budget; reasoning_effort ignored.`, field: 'reasoning_effort' });
      return undefined;
    }
    warnings.push({ code: 'lowered_thinking_budget', message: `Thinking budget lowered to ${budget} to stay below max tokens ${maxTokens}.`, field: 'reasoning_effort' });
  }
  return { type: 'enabled', budget_tokens: budget };
}

/** OpenAI's 0–2 range vs Anthropic's 0–1: above 1 is as random as Claude gets, so 1. */
function resolveTemperature(request: OpenAIChatRequest, thinking: boolean, warnings: TranslationWarning[]): number | undefined {
  const temperature = request.temperature;
  if (temperature === undefined || temperature === null) return undefined;
  if (thinking && temperature !== 1) {
    warnings.push({ code: 'dropped_field', message: 'temperature is not allowed with thinking; dropped.', field: 'temperature' });
    return undefined;
  }
  if (temperature <= 1) return temperature;
  warnings.push({ code: 'clamped_temperature', message: `temperature ${temperature} is above Claude's maximum of 1; sent as 1.`, field: 'temperature' });
  return 1;
}

function resolveTopP(request: OpenAIChatRequest, thinking: boolean, hasTemperature: boolean, warnings: TranslationWarning[]): number | undefined {
  const topP = request.top_p;
  if (topP === undefined || topP === null) return undefined;
  // Current Claude models reject temperature and top_p together; temperature is the common knob.
  if (hasTemperature) {
    warnings.push({ code: 'dropped_field', message: 'top_p cannot be combined with temperature on Claude; dropped.', field: 'top_p' });
    return undefined;
  }
  if (thinking && topP < 0.95) {
    warnings.push({ code: 'dropped_field', message: 'top_p below 0.95 is not allowed with thinking; dropped.', field: 'top_p' });
    return undefined;
  }
  return topP;
}

/** `top_k` is not OpenAI's, but SillyTavern and others send it and Claude understands it. */
function resolveTopK(request: OpenAIChatRequest, thinking: boolean, warnings: TranslationWarning[]): number | undefined {
  const topK = request['top_k'];
  if (typeof topK !== 'number') return undefined;
  if (!thinking) return topK;
  warnings.push({ code: 'dropped_field', message: 'top_k is not allowed with thinking; dropped.', field: 'top_k' });
  return undefined;
}

/** max_tokens, thinking and sampling, which constrain each other on Anthropic. */
export function convertGenerationParams(
  request: OpenAIChatRequest,
  context: TranslationContext,
  toolChoice: AnthropicToolChoice | undefined,
  inToolLoop: boolean,
  warnings: TranslationWarning[],
): GenerationParams {
  const maxTokens = resolveMaxTokens(request, context, warnings);
  if (context.capabilities.thinkingForm === 'adaptive') return adaptiveParams(request, context, maxTokens, warnings);
  const thinking = resolveThinking(request, maxTokens, toolChoice, inToolLoop, warnings);
  const temperature = resolveTemperature(request, thinking !== undefined, warnings);
  const topP = resolveTopP(request, thinking !== undefined, temperature !== undefined, warnings);
  const topK = resolveTopK(request, thinking !== undefined, warnings);
  const params: GenerationParams = { max_tokens: maxTokens };
  if (thinking) params.thinking = thinking;
  if (temperature !== undefined) params.temperature = temperature;
  if (topP !== undefined) params.top_p = topP;
  if (topK !== undefined) params.top_k = topK;
  return params;
}

/** OpenAI efforts on Claude's adaptive thinking (`none`/`minimal`: the least thinking there is). */
const adaptiveEffortByEffort = {
  none: 'low',
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
} as const satisfies Record<OpenAIReasoningEffort, AnthropicEffort>;

/**
 * Claude 4.6+ and 5: thinking is adaptive (Claude 5 rejects `budget_tokens`), and the effort
 * says how much; Claude 5 also rejects non-default sampling, so those fields are dropped with a
 * warning when the model takes none.
 */
function adaptiveParams(request: OpenAIChatRequest, context: TranslationContext, maxTokens: number, warnings: TranslationWarning[]): GenerationParams {
  const params: GenerationParams = { max_tokens: maxTokens };
  const effort = request.reasoning_effort;
  if (effort !== undefined && effort !== null) {
    if (!Object.hasOwn(adaptiveEffortByEffort, effort)) throw new TranslationError(`reasoning_effort ${String(effort)} is not supported.`, { param: 'reasoning_effort' });
    params.thinking = { type: 'adaptive' };
    params.effort = adaptiveEffortByEffort[effort];
  }
  for (const field of ['temperature', 'top_p', 'top_k'] as const) {
    const value = (request as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (!context.capabilities.samplingParams) {
      warnings.push({ code: 'dropped_field', message: `"${context.backendModel}" takes no \`${field}\`; it was dropped.`, field });
    } else if (typeof value === 'number') {
      if (field === 'temperature' && value > 1) {
        warnings.push({ code: 'clamped_temperature', message: `temperature ${value} is above Claude's maximum of 1; sent as 1.`, field });
      }
      params[field] = field === 'temperature' ? Math.min(value, 1) : value;
    }
  }
  return params;
}
