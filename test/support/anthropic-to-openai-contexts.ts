/**
 * Translation contexts for the Anthropic -> OpenAI request translator, with real capabilities
 * from the model registry for three backend shapes: DeepSeek (reasoning_content, no vision),
 * OpenAI (reasoning model, max_completion_tokens) and Gemini 3 (gemini schema dialect,
 * thought signatures); OpenRouter and an OpenAI search model for web search.
 */
import type { ModelCapabilities } from '../../src/models/model-capabilities.js';
import { resolveModelCapabilities } from '../../src/models/resolve-model-capabilities.js';
import type { TranslationContext } from '../../src/translate/types.js';

export const backendShapes = {
  deepseek: { model: 'deepseek-chat', url: 'https://api.deepseek.com/v1' },
  openai: { model: 'gpt-5', url: 'https://api.openai.com/v1' },
  gemini: { model: 'gemini-3-pro-preview', url: 'https://generativelanguage.googleapis.com/v1beta/openai' },
  openrouter: { model: 'google/gemini-2.5-pro', url: 'https://openrouter.ai/api/v1' },
  // An OpenAI search model: web search through `web_search_options`.
  openaiSearch: { model: 'gpt-4o-search-preview', url: 'https://api.openai.com/v1' },
} as const;

export type BackendShape = keyof typeof backendShapes;

export function makeTranslationContext(
  shape: BackendShape,
  capabilityOverrides: Partial<ModelCapabilities> = {},
): TranslationContext {
  const { model, url } = backendShapes[shape];
  let counter = 0;
  return {
    requestedModel: 'claude-sonnet-4-5',
    backendModel: model,
    backendId: `openai:${url}`,
    backendUrl: url,
    capabilities: resolveModelCapabilities(model, url, capabilityOverrides),
    newId: (prefix) => `${prefix}${++counter}`,
    now: () => 1_700_000_000,
  };
}
