import { splitBackendModel } from '../config/backend-model-name.js';
import type { BackendConfig, ModelTier, ProxyConfig } from '../config/config-types.js';
import { tierOfWord } from '../config/model-tiers.js';
import { RoutingError } from '../errors/proxy-error.js';

export interface Route {
  backend: BackendConfig;
  /** Backend model; undefined when it must be discovered from the backend's `/models`. */
  model: string | undefined;
  /** Why this route was chosen, for the debug log and `/v1/models`. */
  reason: string;
}

/** The words of a model name: `anthropic/claude-sonnet-4.5` -> anthropic, claude, sonnet, 4, 5. */
function nameTokens(requestedModel: string): string[] {
  return requestedModel.toLowerCase().split(/[^a-z0-9]+/).filter((token) => token !== '');
}

/** A `claude` word anywhere (`claude-*`, `anthropic/claude-*`, Bedrock ids), or a bare tier word. */
function isClaudeStyle(tokens: readonly string[]): boolean {
  return tokens.includes('claude') || (tokens.length === 1 && tierOfWord.has(tokens[0]!));
}

/**
 * The tier word of a Claude-style name (`claude-haiku-4-5` -> haiku, `claude-mythos-5` -> fable).
 * Only whole words count, and only in Claude-style names: `octopus-v2` is no opus.
 */
export function detectTier(requestedModel: string): ModelTier | undefined {
  const tokens = nameTokens(requestedModel);
  if (!isClaudeStyle(tokens)) return undefined;
  for (const token of tokens) {
    const tier = tierOfWord.get(token);
    if (tier !== undefined) return tier;
  }
  return undefined;
}

/** A Claude-style name (a `claude` word or a bare tier word) that must be mapped, not sent verbatim. */
export function isClaudeModelName(requestedModel: string): boolean {
  return isClaudeStyle(nameTokens(requestedModel));
}

/**
 * Picks the backend and model for an Anthropic client's model name. Precedence:
 * 0. a `backend,model` name (`deepseek,deepseek-chat`), then an explicit MODEL_MAP entry (which may name its backend);
 * 1. a tier rule (haiku route, HAIKU_MODEL / SONNET_MODEL / OPUS_MODEL / FABLE_MODEL, each may be `backend,model`) for a Claude-style name with that tier word;
 * 2. OPEN_MODEL for every Claude-style name;
 * 3. any other name (`gpt-4o`, `deepseek-chat`) is a backend model and passes through verbatim;
 * 4. a Claude-style name with nothing configured: discovered from the backend (model undefined).
 */
export function resolveRoute(config: ProxyConfig, requestedModel: string): Route {
  const named = namedRoute(config, requestedModel, 'requested as backend,model');
  if (named) return named;
  const mapped = config.modelMap[requestedModel];
  if (mapped) return namedRoute(config, mapped, 'MODEL_MAP') ?? { backend: backendNamed(config, config.defaultBackend), model: mapped, reason: 'MODEL_MAP' };
  const tier = detectTier(requestedModel);
  const tierRoute = tier && config.tierRoutes.find((route) => route.tier === tier);
  if (tierRoute) {
    return { backend: backendNamed(config, tierRoute.backend), model: tierRoute.model, reason: tierRoute.source };
  }
  const backend = backendNamed(config, config.defaultBackend);
  if (!isClaudeModelName(requestedModel) && requestedModel.trim() !== '') {
    return { backend, model: requestedModel, reason: 'passthrough (not a Claude model name)' };
  }
  if (config.defaultModel) return { backend, model: config.defaultModel, reason: config.defaultModelSource };
  return { backend, model: undefined, reason: 'auto (first of /models)' };
}

function backendNamed(config: ProxyConfig, name: string): BackendConfig {
  const backend = config.backends.find((candidate) => candidate.name === name);
  if (!backend) {
    const names = config.backends.map((candidate) => candidate.name).join(', ');
    throw new RoutingError(`No backend named "${name}" is configured (configured: ${names}).`);
  }
  return backend;
}

/** The route a `backend,model` name spells out; undefined for a plain model name. */
function namedRoute(config: ProxyConfig, name: string, reason: string): Route | undefined {
  const split = splitBackendModel(name);
  return split && { backend: backendNamed(config, split.backend), model: split.model, reason };
}

/**
 * Route for an OpenAI client (`/v1/chat/completions`). With only the Anthropic backend configured
 * every request goes there; with both kinds, Claude names go to Anthropic and the rest follow the
 * OpenAI-side mapping (served as a passthrough).
 */
export function resolveOpenAIClientRoute(config: ProxyConfig, requestedModel: string): Route {
  const named = namedRoute(config, requestedModel, 'requested as backend,model') ?? namedRoute(config, config.modelMap[requestedModel] ?? '', 'MODEL_MAP');
  if (named) return named;
  const anthropic = config.backends.find((backend) => backend.kind === 'anthropic');
  const mapped = config.modelMap[requestedModel];
  const name = mapped ?? requestedModel;
  if (anthropic && (!config.openAIBackendConfigured || name.toLowerCase().startsWith('claude'))) {
    if (name.toLowerCase().startsWith('claude')) {
      return { backend: anthropic, model: name, reason: mapped ? 'MODEL_MAP' : 'Claude model name' };
    }
    return { backend: anthropic, model: config.claudeModel, reason: 'CLAUDE_MODEL' };
  }
  return resolveRoute(config, requestedModel);
}

export type { ClientApi } from './summarize-request.js';

/** Where one request may go, in order (`plan-route.ts` makes it). */
export interface RoutePlan {
  requestedModel: string;
  /** The route that chose the candidates (`think`, `rules[0]`, `requested`), for the log line's `route=`. */
  route: string;
  /** Why that route applies, for `routes --explain` and the debug log. */
  why: string;
  candidates: readonly Route[];
}
