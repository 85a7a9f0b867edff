import type { ModelCapabilities } from '../models/model-capabilities.js';
import type { ModelPrice } from '../models/model-price.js';
import type { ModelTier } from './model-tiers.js';

export type BackendKind = 'openai' | 'anthropic';
export type { ModelTier } from './model-tiers.js';
export type LogLevel = 'silent' | 'info' | 'debug';
/** `text`: one readable line per request; `json`: one JSON object per line (log collectors). */
export type LogFormat = 'text' | 'json';

export interface BackendConfig {
  /** Short name shown in logs and the banner (`default`, `haiku`, `anthropic`). */
  name: string;
  kind: BackendKind;
  /** Base URL without trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** The first of `apiKeys` (what a one-key backend sends); undefined when the backend takes none. */
  apiKey: string | undefined;
  /** Every key of this backend, used in turn (round-robin); a key answered 401/429 is rested. Empty when none. */
  apiKeys: readonly string[];
  /** Which variable or file key the URL came from, for the banner. */
  source: string;
  /** The preset it was built from (`deepseek`), when any. */
  preset?: string;
  /** Extra headers sent with every call (OpenRouter's `HTTP-Referer`, an org header). */
  headers?: Readonly<Record<string, string>>;
  /**
   * The backend speaks the Responses API itself (`POST {baseUrl}/responses`, OpenAI): Responses
   * clients (Codex) are passed through instead of translated through Chat Completions.
   */
  responsesApi?: boolean;
  /** This backend's own timeouts, over the proxy-wide `ProxyConfig.timeouts`. */
  timeouts?: Partial<UpstreamTimeouts>;
}

export interface UpstreamTimeouts {
  /** Time to open the connection (TCP + TLS). */
  connectMs: number;
  /** Time to the upstream's response headers (the first byte). */
  headersMs: number;
  /** Longest silence between upstream body chunks (the client gets keep-alive pings meanwhile). */
  bodyIdleMs: number;
  /** Longest whole call, headers to last byte; undefined = no limit. */
  totalMs: number | undefined;
}

/** One place a request can go: a configured backend and the model asked of it. */
export interface RouteTarget {
  backend: string;
  model: string;
}

/** Claude Code's tasks, each a route of the configuration file (`routes:`). */
export type TaskRouteName = 'default' | 'background' | 'think' | 'longContext' | 'webSearch' | 'image';

/** The file's `routes:`; each a fallback chain of targets, in order. */
export interface TaskRoutes {
  default?: readonly RouteTarget[];
  background?: readonly RouteTarget[];
  think?: readonly RouteTarget[];
  longContext?: { targets: readonly RouteTarget[]; thresholdTokens: number };
  webSearch?: readonly RouteTarget[];
  image?: readonly RouteTarget[];
}

/** One entry of the file's `rules:`, checked before the routes, first match wins. */
export interface RoutingRule {
  /** Where it came from, for logs and `routes --explain` (`rules[0]`, or its `name`). */
  name: string;
  match: {
    /** A glob on the requested model name (`claude-opus-*`); `*` is any run of characters. */
    model?: string;
  };
  targets: readonly RouteTarget[];
}

/** A key a client presents to use the proxy (`accessKeys:` or PROXY_API_KEY). */
export interface AccessKey {
  /** Goes into log lines; the key itself never does. */
  name: string;
  key: string;
  /** When set, only these task routes / rule names may serve this key's requests. */
  routes?: readonly string[];
  /** When set, only these backends may serve this key's requests. */
  backends?: readonly string[];
}

/** The original project's URL routing (`/https/api.groq.com/openai/v1/<model>/v1/messages`), made safe. */
export interface UrlRoutingConfig {
  enabled: boolean;
  /** Host names that may be reached (exact, lowercase). */
  allowHosts: readonly string[];
  /** Reach loopback, private, link-local and metadata addresses too (off: they are refused). */
  allowPrivateAddresses: boolean;
}

/** Retries before the first byte reached the client, and resting a failing backend. */
export interface RetryPolicy {
  /** Further tries of the same target after a retryable failure (429, 5xx, connection errors). */
  retries: number;
  /** First backoff; doubled each retry, with full jitter, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for: the next target is tried, or the error goes to the client. */
  maxRetryAfterMs: number;
  /** Failures in a row after which a backend is skipped (while another target remains) ... */
  cooldownAfterFailures: number;
  /** ... for this long, then probed again by the next request. */
  cooldownMs: number;
}

/** How the configuration was given, for the banner and `config check`. */
export type ConfigSource = { kind: 'environment' } | { kind: 'file'; path: string };

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
  /** LOG_FORMAT / the file's `logFormat`; unset: the CLI picks text on a terminal, JSON otherwise. */
  logFormat?: LogFormat;
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
  /** Prices by backend model id (MODEL_PRICES, the file's `prices:`), before the registry's table. */
  modelPrices?: Record<string, ModelPrice>;
  /** If set, clients must present this key (x-api-key or Bearer); otherwise any key is accepted. Also in `accessKeys` as `PROXY_API_KEY`. */
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
  /** Upstream timeouts of every backend, unless the backend sets its own. */
  timeouts: UpstreamTimeouts;
  retry: RetryPolicy;
  /** Environment variables or a configuration file. */
  source: ConfigSource;
  /** The file's task routes; empty in environment mode, where the tier variables route. */
  routes: TaskRoutes;
  rules: readonly RoutingRule[];
  /** Keys clients must present; empty = any key is accepted (loopback only, unless ALLOW_OPEN_ACCESS). */
  accessKeys: readonly AccessKey[];
  urlRouting: UrlRoutingConfig;
  /** Opens the operator's pages (`/metrics`, the dashboard) when access keys are on: ADMIN_API_KEY (else PROXY_API_KEY), or the file's `adminKey`. */
  adminApiKey: string | undefined;
  /** Interval of Anthropic `ping` events while the upstream is silent. */
  pingIntervalMs: number;
}
