import type { ModelCapabilities } from '../models/model-capabilities.js';
import type { ModelPrice } from '../models/model-price.js';
import type { BackendConfig, LogFormat, LogLevel, ModelTier, ProxyConfig, RetryPolicy, TierRoute, UpstreamTimeouts } from './config-types.js';
import { ConfigError } from './config-error.js';
import { parseAllowedHosts, parseAllowedOrigins } from './parse-browser-access.js';

export { parseAllowedHosts, parseAllowedOrigins };
import { claudeTierNames, modelTiers } from './model-tiers.js';
import { parseModelCapabilityOverrides } from './model-capabilities-schema.js';
import { parseModelPrices } from './model-prices-schema.js';
import { splitBackendModel } from './backend-model-name.js';
import { formatUrlRoutingHost, parseUrlRoutingHost } from './url-routing-host.js';

export type EnvRecord = Readonly<Record<string, string | undefined>>;

export const DEFAULT_PORT = 8082;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:11434/v1';
export const DEFAULT_ANTHROPIC_URL = 'https://api.anthropic.com';
/** Claude Sonnet 5.5, the current Sonnet (claude-sonnet-4-5 was retired on 2026-11-30). */
export const DEFAULT_CLAUDE_MODEL = claudeTierNames.sonnet;

/** Long generations stream for minutes: generous first-byte and idle limits, no total limit. */
export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { connectMs: 10_000, headersMs: 600_000, bodyIdleMs: 300_000, totalMs: undefined };

/** Two retries (0.5 s, then up to 1 s, jittered); a `retry-after` up to 10 s is waited for; 3 failures in a row rest a backend for 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 10_000,
  cooldownAfterFailures: 3,
  cooldownMs: 30_000,
};

/** A backend's key list from one optional key. */
export function backendKeys(apiKey: string | undefined): { apiKey: string | undefined; apiKeys: readonly string[] } {
  return { apiKey, apiKeys: apiKey ? [apiKey] : [] };
}

export interface CliOverrides {
  port?: number;
  host?: string;
  verbose?: boolean;
  /** `--config FILE`: read by the command line's loader (cli/load-proxy-config.ts), not here. */
  config?: string;
}

export { ConfigError };

/**
 * The whole configuration from an environment record. Pure: the caller merges the process
 * environment over `.env` (the process wins) and passes CLI flags, which win over both.
 *
 * Backend URL: OPEN_AI_URL, else OPENAI_BASE_URL, else a local Ollama. Key: API_KEY, else
 * OPENAI_API_KEY. ANTHROPIC_BASE_URL is never read: users export it to point Claude Code at us.
 */
export function parseConfig(env: EnvRecord, cli: CliOverrides = {}): ProxyConfig {
  const backends: BackendConfig[] = [defaultBackend(env)];
  const tierRoutes: TierRoute[] = [];
  // The least capable first: the order of the tier routes the banner and `/v1/models` list.
  for (const tier of [...modelTiers].reverse()) {
    const value = nonEmpty(env[`${tier.toUpperCase()}_MODEL`]);
    if (!value) continue;
    const named = splitBackendModel(value);
    tierRoutes.push({ tier, backend: named?.backend ?? 'default', model: named?.model ?? value, source: `${tier.toUpperCase()}_MODEL` });
  }
  const haikuRoute = haikuBackend(env);
  if (haikuRoute) {
    backends.push(haikuRoute.backend);
    // The original project's haiku route wins over HAIKU_MODEL: it names a whole second backend.
    const index = tierRoutes.findIndex((route) => route.tier === 'haiku');
    if (index >= 0) tierRoutes.splice(index, 1);
    tierRoutes.unshift(haikuRoute.route);
  }
  const anthropic = anthropicBackend(env);
  if (anthropic) backends.push(anthropic);
  const modelMap = parseModelMap(env.MODEL_MAP);
  assertBackendsExist(backends, tierRoutes, modelMap);
  const defaultModel = nonEmpty(env.OPEN_MODEL) ?? nonEmpty(env.OPENAI_MODEL);
  const host = cli.host ?? nonEmpty(env.HOST) ?? DEFAULT_HOST;
  const proxyApiKey = nonEmpty(env.PROXY_API_KEY);
  if (!isLoopbackHost(host) && !proxyApiKey && env.ALLOW_OPEN_ACCESS !== '1') {
    throw new ConfigError(
      `Refusing to listen on ${host} without PROXY_API_KEY: anyone who reaches the port could spend your backend keys. ` +
        'Set PROXY_API_KEY (clients then send it as their API key), or ALLOW_OPEN_ACCESS=1 if the network is yours alone.',
    );
  }
  return {
    host,
    port: cli.port ?? parsePort(env.PORT) ?? DEFAULT_PORT,
    logLevel: cli.verbose ? 'debug' : parseLogLevel(env.LOG_LEVEL),
    ...optionalLogFormat(env.LOG_FORMAT),
    backends,
    defaultBackend: 'default',
    defaultModel,
    defaultModelSource: env.OPEN_MODEL ? 'OPEN_MODEL' : env.OPENAI_MODEL ? 'OPENAI_MODEL' : 'auto (first of /models)',
    tierRoutes,
    openAIBackendConfigured: Boolean(nonEmpty(env.OPEN_AI_URL) ?? nonEmpty(env.OPENAI_BASE_URL)),
    modelMap,
    claudeModel: nonEmpty(env.CLAUDE_MODEL) ?? DEFAULT_CLAUDE_MODEL,
    capabilityOverrides: parseCapabilityOverrides(env),
    modelCapabilityOverrides: parseModelCapabilities(env.MODEL_CAPABILITIES),
    modelPrices: parseModelPricesVariable(env.MODEL_PRICES),
    proxyApiKey,
    allowedOrigins: parseAllowedOrigins(env.ALLOWED_ORIGINS),
    allowedHosts: parseAllowedHosts(env.ALLOWED_HOSTS),
    limits: { maxBodyBytes: parsePositiveInt(env.MAX_BODY_BYTES, 'MAX_BODY_BYTES') ?? 32 * 1024 * 1024 },
    timeouts: {
      connectMs: parsePositiveInt(env.UPSTREAM_CONNECT_TIMEOUT_MS, 'UPSTREAM_CONNECT_TIMEOUT_MS') ?? DEFAULT_TIMEOUTS.connectMs,
      headersMs: parsePositiveInt(env.UPSTREAM_TIMEOUT_MS, 'UPSTREAM_TIMEOUT_MS') ?? DEFAULT_TIMEOUTS.headersMs,
      bodyIdleMs: parsePositiveInt(env.UPSTREAM_IDLE_TIMEOUT_MS, 'UPSTREAM_IDLE_TIMEOUT_MS') ?? DEFAULT_TIMEOUTS.bodyIdleMs,
      totalMs: parsePositiveInt(env.UPSTREAM_TOTAL_TIMEOUT_MS, 'UPSTREAM_TOTAL_TIMEOUT_MS') ?? DEFAULT_TIMEOUTS.totalMs,
    },
    retry: { ...DEFAULT_RETRY_POLICY, retries: parseNonNegativeInt(env.UPSTREAM_RETRIES, 'UPSTREAM_RETRIES') ?? DEFAULT_RETRY_POLICY.retries },
    source: { kind: 'environment' },
    routes: {},
    rules: [],
    accessKeys: proxyApiKey ? [{ name: 'PROXY_API_KEY', key: proxyApiKey }] : [],
    urlRouting: parseUrlRoutingEnv(env),
    adminApiKey: nonEmpty(env.ADMIN_API_KEY) ?? proxyApiKey,
    pingIntervalMs: parsePositiveInt(env.PING_INTERVAL_MS, 'PING_INTERVAL_MS') ?? 10_000,
  };
}

function defaultBackend(env: EnvRecord): BackendConfig {
  const source = env.OPEN_AI_URL ? 'OPEN_AI_URL' : env.OPENAI_BASE_URL ? 'OPENAI_BASE_URL' : 'default (local Ollama)';
  const url = nonEmpty(env.OPEN_AI_URL) ?? nonEmpty(env.OPENAI_BASE_URL) ?? DEFAULT_BACKEND_URL;
  return {
    name: 'default',
    kind: 'openai',
    baseUrl: normalizeBaseUrl(url, source),
    ...backendKeys(nonEmpty(env.API_KEY) ?? nonEmpty(env.OPENAI_API_KEY)),
    source,
  };
}

function haikuBackend(env: EnvRecord): { backend: BackendConfig; route: TierRoute } | undefined {
  const model = nonEmpty(env.HAIKU_MODEL_NAME);
  const url = nonEmpty(env.HAIKU_BASE_URL);
  if (!model && !url) return undefined;
  if (!model || !url) {
    throw new ConfigError('The haiku route needs both HAIKU_MODEL_NAME and HAIKU_BASE_URL (HAIKU_API_KEY optional).');
  }
  const tier: ModelTier = 'haiku';
  return {
    backend: {
      name: 'haiku',
      kind: 'openai',
      baseUrl: normalizeBaseUrl(url, 'HAIKU_BASE_URL'),
      ...backendKeys(nonEmpty(env.HAIKU_API_KEY)),
      source: 'HAIKU_BASE_URL',
    },
    route: { tier, backend: 'haiku', model, source: 'HAIKU_MODEL_NAME + HAIKU_BASE_URL' },
  };
}

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const value = host.toLowerCase().replace(/^\[|\]$/g, '');
  return value === 'localhost' || value === '::1' || /^127\.\d+\.\d+\.\d+$/.test(value);
}

/**
 * The Anthropic backend for OpenAI clients: configured by ANTHROPIC_UPSTREAM_URL and/or a key
 * (ANTHROPIC_UPSTREAM_API_KEY, else ANTHROPIC_API_KEY). Never ANTHROPIC_BASE_URL, which users
 * export to point Claude Code at this proxy.
 */
function anthropicBackend(env: EnvRecord): BackendConfig | undefined {
  const url = nonEmpty(env.ANTHROPIC_UPSTREAM_URL);
  const apiKey = nonEmpty(env.ANTHROPIC_UPSTREAM_API_KEY) ?? nonEmpty(env.ANTHROPIC_API_KEY);
  if (!url && !apiKey) return undefined;
  const baseUrl = normalizeBaseUrl(url ?? DEFAULT_ANTHROPIC_URL, 'ANTHROPIC_UPSTREAM_URL').replace(/\/v1$/, '');
  return { name: 'anthropic', kind: 'anthropic', baseUrl, ...backendKeys(apiKey), source: url ? 'ANTHROPIC_UPSTREAM_URL' : 'default (api.anthropic.com)' };
}

/**
 * URL routing in environment mode: URL_ROUTING=1 turns it on, URL_ROUTING_ALLOW_HOSTS lists the
 * hosts it may reach (`api.groq.com,127.0.0.1:8080`; a port other than the scheme's default
 * must be listed), URL_ROUTING_ALLOW_PRIVATE=1 lets it reach loopback, private, link-local and
 * metadata addresses too. On without any host would refuse every request, so that is an error.
 */
function parseUrlRoutingEnv(env: EnvRecord): ProxyConfig['urlRouting'] {
  const allowHosts: string[] = [];
  for (const entry of (env.URL_ROUTING_ALLOW_HOSTS ?? '').split(',')) {
    if (!entry.trim()) continue;
    const host = parseUrlRoutingHost(entry);
    if (!host) throw new ConfigError(`URL_ROUTING_ALLOW_HOSTS entry ${JSON.stringify(entry.trim())} is not a host; expected names such as api.groq.com or 127.0.0.1:8080, without scheme or path`);
    allowHosts.push(formatUrlRoutingHost(host));
  }
  const enabled = env.URL_ROUTING === '1';
  if (enabled && allowHosts.length === 0) {
    throw new ConfigError('URL_ROUTING=1 needs URL_ROUTING_ALLOW_HOSTS: the hosts requests may be routed to (e.g. api.groq.com,api.deepseek.com).');
  }
  return { enabled, allowHosts, allowPrivateAddresses: env.URL_ROUTING_ALLOW_PRIVATE === '1' };
}

/**
 * `a=b, c=d` -> { a: 'b', c: 'd' }. A target may name its backend (`a=anthropic,claude-x`): a
 * comma-separated part without `=` continues the target before it.
 */
function parseModelMap(raw: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  let last: string | undefined;
  for (const entry of (raw ?? '').split(',')) {
    if (!entry.trim()) continue;
    if (!entry.includes('=') && last !== undefined) {
      map[last] = `${map[last]},${entry.trim()}`;
      continue;
    }
    const [from, to, ...rest] = entry.split('=').map((part) => part.trim());
    if (!from || !to || rest.length > 0) {
      throw new ConfigError(`MODEL_MAP entries must look like "requested=model" or "requested=backend,model", got ${JSON.stringify(entry)}`);
    }
    map[from] = to;
    last = from;
  }
  return map;
}

/** Every backend a tier variable or MODEL_MAP names (`anthropic,claude-x`) must be configured. */
function assertBackendsExist(backends: BackendConfig[], tierRoutes: TierRoute[], modelMap: Record<string, string>): void {
  const names = backends.map((backend) => backend.name);
  const named = [
    ...tierRoutes.map((route) => ({ backend: route.backend, source: route.source })),
    ...Object.entries(modelMap).flatMap(([from, to]) => {
      const split = splitBackendModel(to);
      return split ? [{ backend: split.backend, source: `MODEL_MAP (${from})` }] : [];
    }),
  ];
  for (const { backend, source } of named) {
    if (names.includes(backend)) continue;
    const hint = backend === 'anthropic' ? ' Set ANTHROPIC_UPSTREAM_API_KEY (and ANTHROPIC_UPSTREAM_URL for another endpoint) to configure it.' : '';
    throw new ConfigError(`${source} names the backend "${backend}", which is not configured (configured: ${names.join(', ')}).${hint}`);
  }
}

/**
 * `api.example.com/v1` -> `https://api.example.com/v1`; `http://` is honoured; a trailing slash
 * or a pasted `/chat/completions` endpoint is removed so that we can append our own paths.
 */
export function normalizeBaseUrl(raw: string, source: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`${source} is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source} must be an http(s) URL, got ${url.protocol}`);
  }
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

function parseCapabilityOverrides(env: EnvRecord): Partial<ModelCapabilities> {
  const overrides: Partial<ModelCapabilities> = {};
  const maxOutput = parsePositiveInt(env.MAX_OUTPUT_TOKENS, 'MAX_OUTPUT_TOKENS');
  if (maxOutput !== undefined) overrides.maxOutputTokens = maxOutput;
  const contextWindow = parsePositiveInt(env.CONTEXT_WINDOW, 'CONTEXT_WINDOW');
  if (contextWindow !== undefined) overrides.contextWindow = contextWindow;
  return overrides;
}

/**
 * A variable holding a JSON object keyed by model id (MODEL_CAPABILITIES, MODEL_PRICES):
 * undefined when unset, a ConfigError with `example` when it is not such JSON.
 */
function parseJsonByModelVariable(raw: string | undefined, name: string, example: string): object | undefined {
  const text = nonEmpty(raw);
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${name} must be JSON, e.g. ${example}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object keyed by model id, e.g. ${example}`);
  }
  return parsed;
}

/** MODEL_CAPABILITIES: a JSON object of model id -> partial capabilities, checked by its schema. */
function parseModelCapabilities(raw: string | undefined): Record<string, Partial<ModelCapabilities>> {
  const parsed = parseJsonByModelVariable(raw, 'MODEL_CAPABILITIES', '{"my-model":{"maxOutputTokens":4096,"vision":false}}');
  return parsed === undefined ? {} : parseModelCapabilityOverrides(parsed, 'MODEL_CAPABILITIES');
}

/**
 * The configured overrides for one backend model: the global ones, then that model's own, then
 * those of the model on this backend (the file's `backends.<name>.models`, kept as `backend,model`).
 */
export function capabilityOverridesFor(config: ProxyConfig, model: string, backend?: string): Partial<ModelCapabilities> {
  const own = config.modelCapabilityOverrides[model];
  const onBackend = backend === undefined ? undefined : config.modelCapabilityOverrides[`${backend},${model}`];
  if (!own && !onBackend) return config.capabilityOverrides;
  return { ...config.capabilityOverrides, ...own, ...onBackend };
}

/** MODEL_PRICES: a JSON object of model id -> USD per million tokens, checked by its schema. */
function parseModelPricesVariable(raw: string | undefined): Record<string, ModelPrice> {
  const parsed = parseJsonByModelVariable(raw, 'MODEL_PRICES', '{"deepseek-chat":{"input":0.28,"output":0.42}} (USD per million tokens)');
  return parsed === undefined ? {} : parseModelPrices(parsed, 'MODEL_PRICES');
}

/** LOG_FORMAT=text|json; unset or empty leaves the choice to the CLI (terminal or not). */
function optionalLogFormat(raw: string | undefined): { logFormat?: LogFormat } {
  const value = raw?.trim().toLowerCase();
  if (!value) return {};
  if (value === 'text' || value === 'json') return { logFormat: value };
  throw new ConfigError(`LOG_FORMAT must be text or json, got ${JSON.stringify(raw)}`);
}

export function parseLogLevel(raw: string | undefined): LogLevel {
  const value = raw?.trim().toLowerCase();
  if (!value) return 'info';
  if (value === 'debug' || value === 'trace' || value === 'verbose') return 'debug';
  if (value === 'silent' || value === 'none' || value === 'off') return 'silent';
  return 'info';
}

export function parsePort(raw: string | undefined): number | undefined {
  const port = parsePositiveInt(raw, 'PORT');
  if (port !== undefined && port > 65535) throw new ConfigError(`PORT must be 1-65535, got ${port}`);
  return port;
}

function parsePositiveInt(raw: string | undefined, name: string): number | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return number;
}

function parseNonNegativeInt(raw: string | undefined, name: string): number | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new ConfigError(`${name} must be a whole number (0 or more), got ${JSON.stringify(raw)}`);
  return number;
}

export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Every secret that must never be printed or echoed: the backend keys and the proxy key. */
export function secretsOf(config: ProxyConfig): string[] {
  const secrets = config.backends.flatMap((backend) => backend.apiKeys);
  for (const access of config.accessKeys) secrets.push(access.key);
  if (config.proxyApiKey) secrets.push(config.proxyApiKey);
  if (config.adminApiKey) secrets.push(config.adminApiKey);
  return [...new Set(secrets)];
}
