import type { ResponseSink } from '../../http/proxy-request.js';
import type { ProxyConfig } from '../../config/config-types.js';
import { writeJson } from '../../http/http-io.js';

import type { BackendConfig, ModelTier } from '../../config/config-types.js';
import { capabilityOverridesFor } from '../../config/parse-config.js';
import { resolveClaudeModelCapabilities } from '../../models/claude-model-capabilities.js';
import { resolveModelCapabilities } from '../../models/resolve-model-capabilities.js';
import { claudeTierNames, modelTiers } from '../../config/model-tiers.js';

export interface ListedModel {
  id: string;
  displayName: string;
  /** Where it goes, in words (`deepseek-chat on api.deepseek.com (route default)`). */
  description: string;
  /** The Claude model line of a tier alias; undefined for backend models. */
  line?: ModelTier;
  /** The backend and model it reaches, for the limits; undefined while the model is discovered. */
  target?: { backend: BackendConfig; model: string };
}

/** The models a client may ask for: the claude-style aliases that are mapped, then the backend models. */
export function listAdvertisedModels(config: ProxyConfig): ListedModel[] {
  return config.source.kind === 'file' ? listFileModels(config) : listEnvironmentModels(config);
}

function listEnvironmentModels(config: ProxyConfig): ListedModel[] {
  const models: ListedModel[] = [];
  const seen = new Set<string>();
  const backendNamed = (name: string) => config.backends.find((backend) => backend.name === name);
  const add = (id: string, displayName: string, backendName: string, model: string, line?: ModelTier) => {
    if (seen.has(id)) return;
    seen.add(id);
    const backend = backendNamed(backendName);
    const description = `${model} on ${backend ? hostOf(backend.baseUrl) : backendName}, via claude-proxy`;
    models.push({ id, displayName, description, ...(line === undefined ? {} : { line }), ...(backend ? { target: { backend, model } } : {}) });
  };
  for (const tier of modelTiers) {
    const route = config.tierRoutes.find((candidate) => candidate.tier === tier);
    const target = route?.model ?? config.defaultModel;
    if (target) add(claudeTierNames[tier], `${claudeTierNames[tier]} -> ${target}`, route?.backend ?? config.defaultBackend, target, tier);
  }
  if (config.defaultModel) add(config.defaultModel, config.defaultModel, config.defaultBackend, config.defaultModel);
  for (const route of config.tierRoutes) add(route.model, route.model, route.backend, route.model);
  return models;
}

/**
 * With a configuration file: each tier alias (haiku reaches the background route, the others the
 * default route), then every `backend,model` a route or rule names, with the routes that use it.
 */
function listFileModels(config: ProxyConfig): ListedModel[] {
  const backendNamed = (name: string) => config.backends.find((backend) => backend.name === name)!;
  const models: ListedModel[] = [];
  const defaultTarget = config.routes.default?.[0];
  for (const tier of modelTiers) {
    const routeName = tier === 'haiku' && config.routes.background ? 'background' : 'default';
    const target = routeName === 'background' ? config.routes.background![0] : defaultTarget;
    if (!target) continue;
    const backend = backendNamed(target.backend);
    models.push({
      id: claudeTierNames[tier],
      displayName: `${claudeTierNames[tier]} -> ${target.model} @${target.backend}`,
      description: `${target.model} on ${hostOf(backend.baseUrl)} (route ${routeName}; other tasks may go elsewhere), via claude-proxy`,
      line: tier,
      target: { backend, model: target.model },
    });
  }
  const usedBy = new Map<string, { backend: string; model: string; routes: string[] }>();
  const note = (backend: string, model: string, route: string) => {
    const id = `${backend},${model}`;
    const entry = usedBy.get(id) ?? { backend, model, routes: [] };
    if (!entry.routes.includes(route)) entry.routes.push(route);
    usedBy.set(id, entry);
  };
  for (const rule of config.rules) for (const target of rule.targets) note(target.backend, target.model, rule.name);
  for (const [name, route] of Object.entries(config.routes)) {
    const targets = route === undefined ? [] : 'targets' in route ? route.targets : (route as readonly { backend: string; model: string }[]);
    for (const target of targets) note(target.backend, target.model, name);
  }
  for (const [id, entry] of usedBy) {
    const backend = backendNamed(entry.backend);
    models.push({
      id,
      displayName: `${entry.model} @${entry.backend}`,
      description: `${entry.model} on ${hostOf(backend.baseUrl)} (${entry.routes.join(', ')}); asked for by this name it always goes there`,
      target: { backend, model: entry.model },
    });
  }
  return models;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The context window and output limit of a listed model's target, from the capability registry and overrides. */
function limitsOf(config: ProxyConfig, model: ListedModel): { maxInput: number; maxOutput: number } | undefined {
  if (!model.target) return undefined;
  const { backend, model: id } = model.target;
  const overrides = capabilityOverridesFor(config, id, backend.name);
  const capabilities = backend.kind === 'anthropic' ? resolveClaudeModelCapabilities(id, overrides) : resolveModelCapabilities(id, backend.baseUrl, overrides);
  return { maxInput: capabilities.contextWindow, maxOutput: capabilities.maxOutputTokens };
}

/**
 * One entry of Anthropic's model list with every key the SDKs declare required (`ModelInfo` of
 * @anthropic-ai/sdk 1.15: lifecycle, line, limits, capabilities, dates). What the proxy cannot
 * know (the backend's limits and capabilities) is `null`, which the type allows.
 * @see https://docs.anthropic.com/en/api/models-list
 */
export interface AnthropicModelEntry {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
  lifecycle: 'active';
  line: ModelTier | null;
  capabilities: null;
  max_input_tokens: number | null;
  max_tokens: number | null;
  /** Not in Anthropic's schema: where the name goes, for model pickers that show it. */
  description: string;
  deprecated_at: null;
  retires_at: null;
}

/** The Anthropic-format entries of `/v1/models`. */
export function anthropicModelEntries(config: ProxyConfig): AnthropicModelEntry[] {
  // An epoch value is what the API itself documents when the release date is unknown.
  const createdAt = '1970-01-01T00:00:00Z';
  return listAdvertisedModels(config).map((model) => {
    const limits = limitsOf(config, model);
    return {
      type: 'model',
      id: model.id,
      display_name: model.displayName,
      created_at: createdAt,
      lifecycle: 'active',
      line: model.line ?? null,
      capabilities: null,
      max_input_tokens: limits?.maxInput ?? null,
      max_tokens: limits?.maxOutput ?? null,
      description: model.description,
      deprecated_at: null,
      retires_at: null,
    };
  });
}

/** GET /v1/models in Anthropic's list format. */
export function handleAnthropicModels(res: ResponseSink, config: ProxyConfig): void {
  const data = anthropicModelEntries(config);
  writeJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}
