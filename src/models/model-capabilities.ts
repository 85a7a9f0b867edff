/**
 * What a backend model can do. Drives max-token clamping, the tool-schema dialect, whether
 * `reasoning_effort` is sent, and which provider reasoning must be echoed back on later turns.
 */
export interface ModelCapabilities {
  contextWindow: number;
  maxOutputTokens: number;
  vision: boolean;
  /** Accepts PDF as an OpenAI `file` content part. */
  pdf: boolean;
  /** Accepts `reasoning_effort` (OpenAI o-series/gpt-5, Gemini, Grok, ...). */
  reasoningEffort: boolean;
  /**
   * Provider reasoning that must go back to the backend on later turns:
   * - `reasoning_content`: DeepSeek, Kimi, GLM, xAI (assistant message field)
   * - `reasoning_details`: OpenRouter (assistant message field, array kept verbatim)
   * - `thought_signature`: Gemini 3 (per tool call `extra_content.google.thought_signature`)
   * - `none`: nothing to echo
   */
  reasoningEcho: 'none' | 'reasoning_content' | 'reasoning_details' | 'thought_signature';
  /** Name of the output-limit field the backend wants. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Accepts `tool_choice`. */
  toolChoice: boolean;
  /** JSON-Schema dialect for tool parameters. */
  schemaDialect: 'openai' | 'gemini';
  /** Accepts `temperature`/`top_p` (o-series reasoning models reject them). */
  samplingParams: boolean;
  /** Max length of the `user` field (OpenAI: 64). 0 = do not send `user`. */
  userFieldMaxLength: number;
  /**
   * Accepts `role: "system"` messages after the conversation started. Hosted APIs do; the chat
   * templates of many open-weights models (Qwen 3.x, Gemma, Mistral) in vLLM / llama.cpp raise
   * "System message must be at the beginning", so the unknown-model default is false.
   */
  midConversationSystem: boolean;
  /** Accepts native JSON-schema structured output (OpenAI `response_format`, Claude `output_config.format`). */
  structuredOutputs: boolean;
  /**
   * Accepts `response_format: {type: "json_object"}` (JSON mode without a schema). Used when
   * `structuredOutputs` is false: the schema then goes into the prompt (DeepSeek has only this).
   */
  jsonMode: boolean;
  /** How many `stop` sequences the backend accepts (OpenAI: 4); the proxy enforces the rest. */
  maxStopSequences: number;
  /**
   * Web search the backend runs itself, for Anthropic's `web_search_*` server tool (Claude Code's
   * WebSearch): `openrouter` sends OpenRouter's `openrouter:web_search` server tool (any model on
   * OpenRouter), `openai-search-options` sends `web_search_options` (OpenAI's search models, which
   * search on every request), `none` refuses a request that needs search with a clear 400.
   * The answer's `url_citation` annotations become `server_tool_use` + `web_search_tool_result`.
   */
  webSearch: 'none' | 'openrouter' | 'openai-search-options';
  /**
   * Claude's thinking form: `adaptive` (`thinking: {type:"adaptive"}` + `output_config.effort`;
   * Claude 4.6 and later, the only form Claude 5 takes) or `budget` (`budget_tokens`, Claude 4.5
   * and earlier). Only the Anthropic backend reads it.
   */
  thinkingForm?: 'adaptive' | 'budget';
}
