/**
 * The registry of backend models and providers the proxy knows. Values come from the providers'
 * model pages (checked 2025/2026); where a provider publishes no output limit, a value that
 * Claude Code's usual requests (32k-64k) can be clamped to without errors is chosen and marked.
 *
 * Resolution (see resolve-model-capabilities.ts): unknown-model defaults < provider defaults (by
 * base URL) < the first matching model entry < provider overrides (what the gateway itself
 * dictates, e.g. OpenRouter's `reasoning_details`) < caller overrides.
 */
import type { ModelCapabilities } from './model-capabilities.js';

export interface KnownModel {
  /** Tested against the model id, and again against the part after the last `/` (OpenRouter, Groq). */
  pattern: RegExp;
  capabilities: Partial<ModelCapabilities>;
}

export interface KnownProvider {
  /** Tested against the backend base URL. */
  urlPattern: RegExp;
  /** Below model entries: what this provider's models usually do. */
  defaults: Partial<ModelCapabilities>;
  /** Above model entries: what the provider's API dictates whatever the model. */
  overrides: Partial<ModelCapabilities>;
}

/**
 * For a model nobody told us about. Conservative where a wrong guess is a hard upstream 400
 * (8192 output tokens: DeepSeek, older vLLM/llama.cpp models and many hosted endpoints reject more;
 * no `reasoning_effort`, no `user`, no PDF parts, which strict servers reject as unknown), liberal
 * where a wrong guess only produces the backend's own clear error (vision).
 */
export const unknownModelCapabilities: ModelCapabilities = {
  contextWindow: 128_000,
  maxOutputTokens: 8192,
  vision: true,
  pdf: false,
  reasoningEffort: false,
  reasoningEcho: 'none',
  maxTokensField: 'max_tokens',
  toolChoice: true,
  schemaDialect: 'openai',
  samplingParams: true,
  userFieldMaxLength: 0,
  midConversationSystem: false,
  structuredOutputs: true,
  jsonMode: true,
  // OpenAI's documented limit, which Mistral and Groq share; servers that take more are listed below.
  maxStopSequences: 4,
  webSearch: 'none',
};

const openAIReasoning: Partial<ModelCapabilities> = { reasoningEffort: true, samplingParams: false };
const gemini: Partial<ModelCapabilities> = { schemaDialect: 'gemini', vision: true };
const geminiThinking: Partial<ModelCapabilities> = {
  ...gemini,
  contextWindow: 1_048_576,
  maxOutputTokens: 65_536,
  reasoningEffort: true,
};

/** Ordered: the first match wins, so specific ids come before their families. */
export const knownModels: readonly KnownModel[] = [
  // OpenAI — https://platform.openai.com/docs/models
  // Search models: Chat Completions with `web_search_options`; they search on every request.
  // https://platform.openai.com/docs/guides/tools-web-search (Chat Completions), https://docs.litellm.ai/docs/completion/web_search
  { pattern: /^gpt-5-search-api/, capabilities: { contextWindow: 400_000, maxOutputTokens: 128_000, webSearch: 'openai-search-options' } },
  { pattern: /^gpt-4o(-mini)?-search-preview/, capabilities: { contextWindow: 128_000, maxOutputTokens: 16_384, webSearch: 'openai-search-options' } },
  { pattern: /^gpt-5(\.\d+)?-chat/, capabilities: { contextWindow: 128_000, maxOutputTokens: 16_384, vision: true, pdf: true } },
  { pattern: /^gpt-5/, capabilities: { contextWindow: 400_000, maxOutputTokens: 128_000, vision: true, pdf: true, ...openAIReasoning } },
  { pattern: /^gpt-4\.1/, capabilities: { contextWindow: 1_047_576, maxOutputTokens: 32_768, vision: true, pdf: true } },
  { pattern: /^gpt-4o/, capabilities: { contextWindow: 128_000, maxOutputTokens: 16_384, vision: true, pdf: true } },
  { pattern: /^o1-mini/, capabilities: { contextWindow: 128_000, maxOutputTokens: 65_536, vision: false, ...openAIReasoning } },
  { pattern: /^o3-mini/, capabilities: { contextWindow: 200_000, maxOutputTokens: 100_000, vision: false, ...openAIReasoning } },
  { pattern: /^o[134](-|$)/, capabilities: { contextWindow: 200_000, maxOutputTokens: 100_000, vision: true, pdf: true, ...openAIReasoning } },
  // gpt-oss (OpenAI open weights: Groq, OpenRouter, Ollama, vLLM) — reasoning_effort low/medium/high.
  { pattern: /^gpt-oss/, capabilities: { contextWindow: 131_072, maxOutputTokens: 32_768, vision: false, reasoningEffort: true } },

  // Google Gemini — https://ai.google.dev/gemini-api/docs/models
  { pattern: /^gemini-3/, capabilities: { ...geminiThinking, reasoningEcho: 'thought_signature' } },
  { pattern: /^gemini-2\.5/, capabilities: geminiThinking },
  { pattern: /^gemini-2\.0/, capabilities: { ...gemini, contextWindow: 1_048_576, maxOutputTokens: 8192 } },
  { pattern: /^gemini-/, capabilities: { ...gemini, contextWindow: 1_048_576, maxOutputTokens: 8192 } },

  // DeepSeek — https://api-docs.deepseek.com/quick_start/pricing (128K context; chat 8K, reasoner 64K output)
  { pattern: /^deepseek-reasoner/, capabilities: { contextWindow: 128_000, maxOutputTokens: 64_000, vision: false, reasoningEcho: 'reasoning_content' } },
  { pattern: /^deepseek-(chat|v3)/, capabilities: { contextWindow: 128_000, maxOutputTokens: 8192, vision: false, reasoningEcho: 'reasoning_content' } },
  { pattern: /^deepseek-r1/, capabilities: { contextWindow: 128_000, maxOutputTokens: 32_768, vision: false } },

  // Moonshot Kimi — https://platform.moonshot.ai/docs (K2: 256K context; output limit unpublished -> 32K)
  { pattern: /^kimi-k2-instruct$/, capabilities: { contextWindow: 131_072, maxOutputTokens: 16_384, vision: false, reasoningEcho: 'reasoning_content' } },
  { pattern: /^kimi-k2/, capabilities: { contextWindow: 262_144, maxOutputTokens: 32_768, vision: false, reasoningEcho: 'reasoning_content' } },
  { pattern: /^(kimi|moonshot)-/, capabilities: { contextWindow: 131_072, maxOutputTokens: 8192, reasoningEcho: 'reasoning_content' } },

  // Zhipu GLM — https://docs.z.ai (GLM-4.6: 200K context, 128K output; GLM-4.5: 128K / 96K)
  { pattern: /^glm-4\.\dv/i, capabilities: { contextWindow: 65_536, maxOutputTokens: 16_384, vision: true, reasoningEcho: 'reasoning_content' } },
  { pattern: /^glm-4\.[6-9]/i, capabilities: { contextWindow: 204_800, maxOutputTokens: 131_072, vision: false, reasoningEcho: 'reasoning_content' } },
  { pattern: /^glm-/i, capabilities: { contextWindow: 131_072, maxOutputTokens: 98_304, vision: false, reasoningEcho: 'reasoning_content' } },

  // xAI Grok — https://docs.x.ai/docs/models (only grok-3-mini takes reasoning_effort)
  { pattern: /^grok-3-mini/, capabilities: { contextWindow: 131_072, maxOutputTokens: 32_768, reasoningEffort: true, reasoningEcho: 'reasoning_content' } },
  { pattern: /^grok-/, capabilities: { contextWindow: 256_000, maxOutputTokens: 32_768, vision: true } },

  // Mistral — https://docs.mistral.ai/getting-started/models (no published output caps -> 32K)
  { pattern: /^codestral/, capabilities: { contextWindow: 256_000, maxOutputTokens: 32_768, vision: false } },
  { pattern: /^devstral/, capabilities: { contextWindow: 131_072, maxOutputTokens: 32_768, vision: false } },
  { pattern: /^magistral/, capabilities: { contextWindow: 131_072, maxOutputTokens: 32_768, vision: false } },
  { pattern: /^(mistral-(large|medium|small)|pixtral)/, capabilities: { contextWindow: 131_072, maxOutputTokens: 32_768, vision: true } },

  // Anthropic models behind OpenAI-compatible gateways (OpenRouter `anthropic/claude-*`).
  { pattern: /^claude-3-(5|haiku|opus|sonnet)/, capabilities: { contextWindow: 200_000, maxOutputTokens: 8192, vision: true, pdf: true } },
  { pattern: /^claude-opus-4(-1)?(-\d{8})?$/, capabilities: { contextWindow: 200_000, maxOutputTokens: 32_000, vision: true, pdf: true } },
  { pattern: /^claude-/, capabilities: { contextWindow: 200_000, maxOutputTokens: 64_000, vision: true, pdf: true } },

  // Open-weights families served by Groq, Ollama, llama.cpp, vLLM, Together...
  { pattern: /^qwen3-coder/i, capabilities: { contextWindow: 262_144, maxOutputTokens: 65_536, vision: false } },
  { pattern: /^qwen3/i, capabilities: { contextWindow: 131_072, maxOutputTokens: 32_768, vision: false } },
  { pattern: /^(llama-4|llama4)/i, capabilities: { contextWindow: 131_072, maxOutputTokens: 8192, vision: true } },
  { pattern: /^llama-?3/i, capabilities: { contextWindow: 131_072, maxOutputTokens: 8192, vision: false } },
];

/** Provider behaviour keyed by base URL. */
export const knownProviders: readonly KnownProvider[] = [
  {
    // max_tokens is deprecated and rejected by o-series / gpt-5; `user` is at most 64 chars.
    urlPattern: /^https?:\/\/api\.openai\.com(\/|$)/,
    defaults: { pdf: true },
    overrides: { maxTokensField: 'max_completion_tokens', userFieldMaxLength: 64, midConversationSystem: true },
  },
  {
    // Gemini's OpenAI endpoint takes an OpenAPI-subset schema and no `user`.
    urlPattern: /^https?:\/\/generativelanguage\.googleapis\.com(\/|$)/,
    defaults: { ...gemini, contextWindow: 1_048_576, maxStopSequences: 5 },
    overrides: { schemaDialect: 'gemini', userFieldMaxLength: 0 },
  },
  {
    // OpenRouter carries reasoning (including Gemini signatures) in `reasoning_details`, parses PDFs
    // itself, and runs its `openrouter:web_search` server tool for any model (native search where the
    // provider has one). https://openrouter.ai/docs/guides/features/server-tools/web-search
    urlPattern: /^https?:\/\/openrouter\.ai(\/|$)/,
    defaults: {},
    overrides: { reasoningEcho: 'reasoning_details', pdf: true, userFieldMaxLength: 64, webSearch: 'openrouter' },
  },
  {
    // DeepSeek has JSON mode (json_object) but no json_schema; `stop` takes up to 16 sequences.
    urlPattern: /^https?:\/\/api\.deepseek\.com(\/|$)/,
    defaults: { reasoningEcho: 'reasoning_content', vision: false, maxStopSequences: 16 },
    overrides: { midConversationSystem: true, structuredOutputs: false, jsonMode: true },
  },
  { urlPattern: /^https?:\/\/api\.moonshot\.(ai|cn)(\/|$)/, defaults: { reasoningEcho: 'reasoning_content' }, overrides: {} },
  { urlPattern: /^https?:\/\/(api\.z\.ai|open\.bigmodel\.cn)(\/|$)/, defaults: { reasoningEcho: 'reasoning_content' }, overrides: {} },
  { urlPattern: /^https?:\/\/api\.x\.ai(\/|$)/, defaults: { reasoningEcho: 'reasoning_content' }, overrides: { midConversationSystem: true } },
];
