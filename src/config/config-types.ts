import type { ModelCapabilities } from '../models/model-capabilities.js';
import type { ModelTier } from './model-tiers.js';

export type BackendKind = 'openai' | 'anthropic';
export type { ModelTier } from './model-tiers.js';
export type LogLevel = 'silent' | 'info' | 'debug';

export interface BackendConfig {
  /** Short name shown in logs and the banner (`default`, `haiku`, `anthropic`). */
  name: string;
  kind: BackendKind;
  /** Base URL without trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey: string | undefined;
  /** Which variable the URL came from, for the banner. */
  source: string;
}

/** A rule of the model mapping: Claude-style names with the word `tier` go to `backend` / `model`. */
export interface TierRoute {
  tier: ModelTier;
  backend: string;
  model: string;
  source: string;
}

export interface ProxyConfig {
  host: string;
  port: number;
  logLevel: LogLevel;
  backends: BackendConfig[];
  /** Name of the backend used when no tier rule applies. */
  defaultBackend: string;
  /** Backend model used when no tier rule applies; undefined = discover from the backend's /models. */
  defaultModel: string | undefined;
  defaultModelSource: string;
  tierRoutes: TierRoute[];
  /** True when an OpenAI-compatible backend was configured explicitly (not the Ollama default). */
  openAIBackendConfigured: boolean;
  /** Explicit model renames applied before any other rule (MODEL_MAP="gpt-4o=claude-sonnet-5-5,..."). */
  modelMap: Record<string, string>;
  /** Claude model for OpenAI clients whose model name is not a Claude one (CLAUDE_MODEL). */
  claudeModel: string;
  /** Overrides for the capabilities of every backend model (MAX_OUTPUT_TOKENS, CONTEXT_WINDOW). */
  capabilityOverrides: Partial<ModelCapabilities>;
  /** Per-model overrides (MODEL_CAPABILITIES='{"my-model":{"maxOutputTokens":4096}}'), applied after the global ones. */
  modelCapabilityOverrides: Record<string, Partial<ModelCapabilities>>;
  /** If set, clients must present this key (x-api-key or Bearer); otherwise any key is accepted. */
  proxyApiKey: string | undefined;
  /**
   * Browser origins allowed besides the default http(s)://localhost, 127.0.0.1 and [::1] on any
   * port (ALLOWED_ORIGINS), each normalized to `scheme://host[:port]`, lowercase.
   */
  allowedOrigins: string[];
  /** Host names accepted in the `Host` header while listening on loopback, besides the loopback ones (ALLOWED_HOSTS); lowercase. */
  allowedHosts: string[];
  limits: {
    maxBodyBytes: number;
  };
  timeouts: {
    /** Time to the upstream's response headers. */
    headersMs: number;
    /** Longest silence between upstream body chunks. */
    bodyIdleMs: number;
  };
  /** Interval of Anthropic `ping` events while the upstream is silent. */
  pingIntervalMs: number;
}
