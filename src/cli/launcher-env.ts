import type { BackendConfig, BackendKind, ProxyConfig } from '../config/config-types.js';
import type { EnvRecord } from '../config/parse-config.js';
import type { ModelCapabilities } from '../models/model-capabilities.js';
import { resolveClaudeModelCapabilities } from '../models/claude-model-capabilities.js';
import { resolveModelCapabilities } from '../models/resolve-model-capabilities.js';
import { claudeTierNames, modelTiers } from '../config/model-tiers.js';
import { resolveRoute } from '../routing/resolve-route.js';

export { claudeTierNames } from '../config/model-tiers.js';

/**
 * Claude Code settings beyond its environment. `skipWebFetchPreflight`: before WebFetch, Claude
 * Code asks api.anthropic.com whether the domain is safe, which fails behind a proxy
 * (anthropics/claude-code#24921) and leaves WebFetch broken; the fetch itself runs locally.
 */
export const CLAUDE_SETTINGS: Readonly<Record<string, unknown>> = { skipWebFetchPreflight: true };

/** The placeholder token sent when the proxy needs none (any key is accepted then). */
export const PLACEHOLDER_TOKEN = 'claude-proxy';

/** Knobs a user may have tuned on purpose; an explicit value in their environment wins. */
const userTunableKeys = ['API_TIMEOUT_MS', 'CLAUDE_CODE_MAX_OUTPUT_TOKENS', 'CLAUDE_CODE_AUTO_COMPACT_WINDOW'] as const;

/** A backend model the proxy may send requests to, with the URL of its backend. */
export interface RoutedModel {
  model: string;
  baseUrl: string;
  /** An Anthropic backend's models are Claude models, with Claude's limits. */
  kind?: BackendKind;
}

/**
 * Every backend model a Claude Code session can reach through this config: the tier routes and
 * the default model. `discoveredDefault` stands in when OPEN_MODEL is unset.
 */
export function routedModelsOf(config: ProxyConfig, discoveredDefault?: string): RoutedModel[] {
  const backendOf = (name: string) => config.backends.find((backend) => backend.name === name);
  const urlOf = (name: string) => backendOf(name)?.baseUrl ?? '';
  if (config.source.kind === 'file') return fileRoutedModels(config, backendOf);
  const models: RoutedModel[] = [];
  const defaultModel = config.defaultModel ?? discoveredDefault;
  const tiersWithRoute = new Set(config.tierRoutes.map((route) => route.tier));
  for (const route of config.tierRoutes) {
    const onClaude = backendOf(route.backend)?.kind === 'anthropic';
    models.push({ model: route.model, baseUrl: urlOf(route.backend), ...(onClaude && { kind: 'anthropic' as const }) });
  }
  // The default model matters only if some Claude name can still reach it.
  if (defaultModel && tiersWithRoute.size < modelTiers.length) {
    models.push({ model: defaultModel, baseUrl: urlOf(config.defaultBackend) });
  }
  return models;
}

/**
 * With a configuration file: the targets of the routes that carry a whole conversation, so the
 * window Claude Code compacts at is theirs. When a longContext route exists, the conversation
 * moves there once it is long, so its targets set the window; else the default route's do.
 * Background calls are short and do not limit the window.
 */
function fileRoutedModels(config: ProxyConfig, backendOf: (name: string) => BackendConfig | undefined): RoutedModel[] {
  const targets = config.routes.longContext?.targets ?? [...(config.routes.default ?? []), ...(config.routes.think ?? [])];
  return targets.map((target) => {
    const backend = backendOf(target.backend);
    return { model: target.model, baseUrl: backend?.baseUrl ?? '', ...(backend?.kind === 'anthropic' && { kind: 'anthropic' as const }) };
  });
}

/** The limits Claude Code must respect: the smallest window and output limit of any routed model. */
export function tightestLimits(models: readonly RoutedModel[], overrides: Partial<ModelCapabilities>): Pick<ModelCapabilities, 'contextWindow' | 'maxOutputTokens'> {
  // With no model known (OPEN_MODEL unset, /models unreachable) the registry's unknown-model
  // defaults are the honest guess.
  const capabilities = (models.length > 0 ? models : [{ model: '', baseUrl: '' }] as RoutedModel[]).map((entry) =>
    entry.kind === 'anthropic' ? resolveClaudeModelCapabilities(entry.model, overrides) : resolveModelCapabilities(entry.model, entry.baseUrl, overrides),
  );
  return {
    contextWindow: Math.min(...capabilities.map((entry) => entry.contextWindow)),
    maxOutputTokens: Math.min(...capabilities.map((entry) => entry.maxOutputTokens)),
  };
}

export interface LauncherEnvInput {
  config: ProxyConfig;
  /** URL Claude Code reaches the proxy at. */
  proxyUrl: string;
  models: readonly RoutedModel[];
  /** The backend's first model, which Claude names reach when OPEN_MODEL is unset. */
  discoveredDefault?: string;
}

/**
 * `ANTHROPIC_DEFAULT_<TIER>_MODEL` with its `_NAME` and `_DESCRIPTION` for every tier, so that
 * Claude Code's `/model` picker shows which backend model each tier reaches.
 */
export function tierModelEnvironment(config: ProxyConfig, discoveredDefault?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const tier of modelTiers) {
    const name = claudeTierNames[tier];
    const route = resolveRoute(config, name);
    const target = route.model ?? discoveredDefault;
    const prefix = `ANTHROPIC_DEFAULT_${tier.toUpperCase()}_MODEL`;
    env[prefix] = name;
    env[`${prefix}_NAME`] = target ?? 'first backend model';
    env[`${prefix}_DESCRIPTION`] = `${target ?? 'The first model the backend lists'} on ${hostOf(route.backend.baseUrl)}, via claude-proxy`;
  }
  return env;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The variables that point Claude Code at the proxy and keep it within the backend's limits.
 * Pure; used both for the `code` child process and for the `setup` settings block.
 */
export function buildClaudeEnvironment({ config, proxyUrl, models, discoveredDefault }: LauncherEnvInput): Record<string, string> {
  const limits = tightestLimits(models, config.capabilityOverrides);
  return {
    ANTHROPIC_BASE_URL: proxyUrl,
    // The first access key (PROXY_API_KEY in environment mode): the session is the user's own.
    ANTHROPIC_AUTH_TOKEN: config.accessKeys[0]?.key ?? PLACEHOLDER_TOKEN,
    ...tierModelEnvironment(config, discoveredDefault),
    CLAUDE_CODE_SUBAGENT_MODEL: claudeTierNames.sonnet,
    // Longer than the proxy's own time-to-headers limit, so that the proxy's clear 504 naming
    // the backend arrives before Claude Code gives up with a bare timeout.
    API_TIMEOUT_MS: String(config.timeouts.headersMs + 60_000),
    CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(limits.maxOutputTokens),
    // Compact before the smallest backend window overflows (Claude Code assumes 200k otherwise).
    CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(limits.contextWindow),
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // The per-request billing header changes every turn and would defeat backend prefix caches.
    CLAUDE_CODE_ATTRIBUTION_HEADER: '0',
  };
}

/**
 * The child environment for `claude`: the user's environment with ours over it, except the
 * tuning knobs the user set explicitly. ANTHROPIC_API_KEY is removed: Claude Code would send it
 * instead of our token (as `x-api-key`), and it must never reach a third-party backend's logs.
 */
export function mergeChildEnvironment(userEnv: EnvRecord, ours: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(userEnv)) if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(ours)) {
    const tuned = (userTunableKeys as readonly string[]).includes(key) && merged[key]?.trim();
    if (!tuned) merged[key] = value;
  }
  delete merged.ANTHROPIC_API_KEY;
  return merged;
}
