import { unknownModelCapabilities } from './known-models.js';
import type { ModelCapabilities } from './model-capabilities.js';
import { definedOnly } from './resolve-model-capabilities.js';

/**
 * Capabilities of a Claude model on the Anthropic backend. Only `maxOutputTokens` varies in
 * what the proxy needs: Anthropic requires `max_tokens`, and an OpenAI client that sends none
 * gets the model's maximum.
 * @see https://docs.anthropic.com/en/docs/about-claude/models/overview
 */
export function resolveClaudeModelCapabilities(model: string, overrides: Partial<ModelCapabilities> = {}): ModelCapabilities {
  const id = model.toLowerCase();
  const version = claudeVersionOf(id);
  // Claude 5 (Fable, Mythos, Opus, Sonnet, Haiku 5.x): 1M context, 128K output, adaptive thinking
  // only, and non-default temperature/top_p/top_k are a 400.
  // @see https://platform.claude.com/docs/en/models/sonnet-5-5/overview
  if (version !== undefined && version.major >= 5) {
    return {
      ...unknownModelCapabilities,
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      pdf: true,
      midConversationSystem: true,
      structuredOutputs: true,
      samplingParams: false,
      thinkingForm: 'adaptive',
      ...definedOnly(overrides),
    };
  }
  const adaptive = version !== undefined && version.major === 4 && version.minor >= 6;
  const maxOutputTokens =
    /claude-3-5|claude-3-7/.test(id) ? (id.includes('3-7') ? 64_000 : 8192)
    : /claude-3-/.test(id) ? 4096
    : /claude-opus-4-(0|1)|claude-opus-4-2025|claude-opus-4$/.test(id) ? 32_000
    : 64_000;
  return {
    ...unknownModelCapabilities,
    contextWindow: 200_000,
    maxOutputTokens,
    pdf: true,
    midConversationSystem: true,
    // Structured outputs came with Sonnet 4.5, Opus 4.1 and Haiku 4.5; older models get a forced tool.
    structuredOutputs: !/claude-3|claude-(sonnet|opus)-4(-0)?(-\d{8})?$/.test(id),
    thinkingForm: adaptive ? 'adaptive' : 'budget',
    ...definedOnly(overrides),
  };
}

/**
 * Major and minor version of a Claude model id, whether the numbers follow the family
 * (`claude-sonnet-4-6`, `claude-fable-5-2`, `claude-haiku-4-5-20251001`) or precede it
 * (`claude-3-7-sonnet-20250219`); an 8-digit date is not a version.
 */
export function claudeVersionOf(id: string): { major: number; minor: number } | undefined {
  const numbers = id.split(/[^a-z0-9]+/).filter((token) => /^\d{1,2}$/.test(token)).map(Number);
  const [major, minor = 0] = numbers;
  return major === undefined ? undefined : { major, minor };
}
