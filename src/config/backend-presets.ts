/**
 * Backend presets of the configuration file (`backends: { deepseek: { preset: deepseek } }`):
 * each fills the kind, the base URL and the environment variable its key is read from when the
 * entry gives none. Model capabilities need no preset field: the registry
 * (`models/resolve-model-capabilities.ts`) knows each provider's models by id and base URL.
 */
import type { BackendKind } from './config-types.js';

export interface BackendPreset {
  kind: BackendKind;
  baseUrl: string;
  /** Where the key comes from when the entry sets no `apiKey`; undefined = no key (local servers). */
  keyVariable: string | undefined;
  /** Shown by `config check` and the docs. */
  description: string;
}

export const backendPresets = {
  openai: { kind: 'openai', baseUrl: 'https://api.openai.com/v1', keyVariable: 'OPENAI_API_KEY', description: 'OpenAI' },
  anthropic: { kind: 'anthropic', baseUrl: 'https://api.anthropic.com', keyVariable: 'ANTHROPIC_API_KEY', description: 'Anthropic (Claude, untranslated)' },
  deepseek: { kind: 'openai', baseUrl: 'https://api.deepseek.com', keyVariable: 'DEEPSEEK_API_KEY', description: 'DeepSeek' },
  gemini: { kind: 'openai', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai', keyVariable: 'GEMINI_API_KEY', description: "Google Gemini (OpenAI-compatible endpoint)" },
  openrouter: { kind: 'openai', baseUrl: 'https://openrouter.ai/api/v1', keyVariable: 'OPENROUTER_API_KEY', description: 'OpenRouter' },
  groq: { kind: 'openai', baseUrl: 'https://api.groq.com/openai/v1', keyVariable: 'GROQ_API_KEY', description: 'Groq' },
  mistral: { kind: 'openai', baseUrl: 'https://api.mistral.ai/v1', keyVariable: 'MISTRAL_API_KEY', description: 'Mistral' },
  xai: { kind: 'openai', baseUrl: 'https://api.x.ai/v1', keyVariable: 'XAI_API_KEY', description: 'xAI (Grok)' },
  moonshot: { kind: 'openai', baseUrl: 'https://api.moonshot.ai/v1', keyVariable: 'MOONSHOT_API_KEY', description: 'Moonshot (Kimi)' },
  zai: { kind: 'openai', baseUrl: 'https://api.z.ai/api/paas/v4', keyVariable: 'ZAI_API_KEY', description: 'Z.ai (GLM)' },
  ollama: { kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', keyVariable: undefined, description: 'Ollama on this machine' },
  lmstudio: { kind: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', keyVariable: undefined, description: 'LM Studio on this machine' },
  vllm: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', keyVariable: 'VLLM_API_KEY', description: 'vLLM on this machine' },
  llamacpp: { kind: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', keyVariable: undefined, description: 'llama.cpp server on this machine' },
} as const satisfies Record<string, BackendPreset>;

export type BackendPresetName = keyof typeof backendPresets;

export const backendPresetNames = Object.keys(backendPresets) as BackendPresetName[];
