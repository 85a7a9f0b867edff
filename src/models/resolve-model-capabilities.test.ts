import { describe, expect, it } from 'vitest';
import { unknownModelCapabilities } from './known-models.js';
import { resolveModelCapabilities } from './resolve-model-capabilities.js';

const openai = 'https://api.openai.com/v1';
const geminiUrl = 'https://generativelanguage.googleapis.com/v1beta/openai/';
const openrouter = 'https://openrouter.ai/api/v1';

describe('resolveModelCapabilities', () => {
  it('knows OpenAI chat and reasoning models', () => {
    expect(resolveModelCapabilities('gpt-4o', openai)).toMatchObject({
      maxOutputTokens: 16_384, vision: true, reasoningEffort: false, samplingParams: true, maxTokensField: 'max_completion_tokens', userFieldMaxLength: 64,
    });
    for (const model of ['o3', 'o4-mini', 'gpt-5', 'gpt-5-mini-2025-08-07', 'o1']) {
      expect(resolveModelCapabilities(model, openai)).toMatchObject({ reasoningEffort: true, samplingParams: false });
    }
    expect(resolveModelCapabilities('gpt-4.1-mini', openai).contextWindow).toBe(1_047_576);
  });

  it('gives Gemini its schema dialect and Gemini 3 thought signatures', () => {
    expect(resolveModelCapabilities('gemini-3-pro-preview', geminiUrl)).toMatchObject({ schemaDialect: 'gemini', reasoningEcho: 'thought_signature', reasoningEffort: true, userFieldMaxLength: 0 });
    expect(resolveModelCapabilities('gemini-2.5-flash', geminiUrl)).toMatchObject({ schemaDialect: 'gemini', reasoningEcho: 'none', reasoningEffort: true, maxOutputTokens: 65_536 });
    expect(resolveModelCapabilities('gemini-2.0-flash', geminiUrl)).toMatchObject({ reasoningEffort: false, maxOutputTokens: 8192 });
  });

  it('knows DeepSeek, Kimi and GLM reasoning echo', () => {
    expect(resolveModelCapabilities('deepseek-chat', 'https://api.deepseek.com')).toMatchObject({ maxOutputTokens: 8192, vision: false, reasoningEcho: 'reasoning_content' });
    expect(resolveModelCapabilities('deepseek-reasoner', 'https://api.deepseek.com/v1').maxOutputTokens).toBe(64_000);
    expect(resolveModelCapabilities('kimi-k2-0905-preview', 'https://api.moonshot.ai/v1').reasoningEcho).toBe('reasoning_content');
    expect(resolveModelCapabilities('glm-4.6', 'https://api.z.ai/api/paas/v4').reasoningEcho).toBe('reasoning_content');
  });

  it('looks past vendor prefixes (Groq, OpenRouter) and lets OpenRouter dictate reasoning_details', () => {
    expect(resolveModelCapabilities('openai/gpt-oss-120b', 'https://api.groq.com/openai/v1')).toMatchObject({ reasoningEffort: true, maxTokensField: 'max_tokens' });
    expect(resolveModelCapabilities('moonshotai/kimi-k2-instruct', 'https://api.groq.com/openai/v1').maxOutputTokens).toBe(16_384);
    expect(resolveModelCapabilities('google/gemini-2.5-pro', openrouter)).toMatchObject({ schemaDialect: 'gemini', reasoningEcho: 'reasoning_details' });
    expect(resolveModelCapabilities('anthropic/claude-sonnet-4', openrouter)).toMatchObject({ contextWindow: 200_000, maxOutputTokens: 64_000, reasoningEcho: 'reasoning_details', pdf: true });
    expect(resolveModelCapabilities('deepseek/deepseek-chat', openrouter).reasoningEcho).toBe('reasoning_details');
  });

  it('knows who searches the web: OpenAI search models, and every model on OpenRouter', () => {
    for (const model of ['gpt-4o-search-preview', 'gpt-4o-mini-search-preview-2025-03-11', 'gpt-5-search-api']) {
      expect(resolveModelCapabilities(model, openai).webSearch).toBe('openai-search-options');
    }
    expect(resolveModelCapabilities('gpt-4o-mini-search-preview', openai).maxOutputTokens).toBe(16_384);
    for (const model of ['openai/gpt-4o-mini', 'deepseek/deepseek-chat', 'openai/gpt-4o-search-preview', 'some/unknown-model']) {
      expect(resolveModelCapabilities(model, openrouter).webSearch).toBe('openrouter');
    }
    expect(resolveModelCapabilities('gpt-4o', openai).webSearch).toBe('none');
    expect(resolveModelCapabilities('deepseek-chat', 'https://api.deepseek.com').webSearch).toBe('none');
    expect(resolveModelCapabilities('qwen3:32b', 'http://localhost:11434/v1').webSearch).toBe('none');
    // Configuration decides last (a self-hosted gateway that runs OpenRouter's tool, or switching it off).
    expect(resolveModelCapabilities('m', 'http://127.0.0.1:4000/v1', { webSearch: 'openrouter' }).webSearch).toBe('openrouter');
    expect(resolveModelCapabilities('openai/gpt-4o', openrouter, { webSearch: 'none' }).webSearch).toBe('none');
  });

  it('knows local model families by their Ollama-style ids', () => {
    expect(resolveModelCapabilities('qwen3:32b', 'http://localhost:11434/v1')).toMatchObject({ contextWindow: 131_072, vision: false });
    expect(resolveModelCapabilities('llama3.1:8b', 'http://localhost:11434/v1').maxOutputTokens).toBe(8192);
    expect(resolveModelCapabilities('gpt-oss:20b', 'http://127.0.0.1:8080/v1').reasoningEffort).toBe(true);
  });

  it('falls back to conservative defaults for unknown models', () => {
    expect(resolveModelCapabilities('my-finetune', 'http://vllm.internal:8000/v1')).toEqual(unknownModelCapabilities);
  });

  it('applies caller overrides last, ignoring undefined values', () => {
    const resolved = resolveModelCapabilities('gpt-5', openai, { maxOutputTokens: 1000, vision: undefined });
    expect(resolved).toMatchObject({ maxOutputTokens: 1000, vision: true });
  });
});
