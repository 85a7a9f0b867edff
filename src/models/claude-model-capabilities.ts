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
    ...definedOnly(overrides),
  };
}
