import { resolveClaudeModelCapabilities } from '../../src/models/claude-model-capabilities.js';
import type { ModelCapabilities } from '../../src/models/model-capabilities.js';
import type { TranslationContext } from '../../src/translate/types.js';

/** Capabilities of a current Claude model, for translator tests. */
export const claudeCapabilities: ModelCapabilities = resolveClaudeModelCapabilities('claude-sonnet-4-5');

/**
 * A deterministic TranslationContext: ids count up per prefix (`chatcmpl-1`, `chatcmpl-2`, ...),
 * the clock is fixed, so outputs can be snapshotted.
 */
export function createFixedTranslationContext(overrides: Partial<TranslationContext> = {}): TranslationContext {
  const counters = new Map<string, number>();
  return {
    requestedModel: 'claude-sonnet-4-5',
    backendModel: 'claude-sonnet-4-5-20250929',
    backendId: 'anthropic:https://api.anthropic.com',
    backendUrl: 'https://api.anthropic.com',
    capabilities: claudeCapabilities,
    newId: (prefix) => {
      const next = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, next);
      return `${prefix}${next}`;
    },
    now: () => 1_750_000_000,
    ...overrides,
  };
}
