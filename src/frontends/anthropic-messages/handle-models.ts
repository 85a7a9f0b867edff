import type { ResponseSink } from '../../http/proxy-request.js';
import type { ProxyConfig } from '../../config/config-types.js';
import { writeJson } from '../../http/http-io.js';

import type { ModelTier } from '../../config/config-types.js';
import { claudeTierNames, modelTiers } from '../../config/model-tiers.js';

export interface ListedModel {
  id: string;
  displayName: string;
  /** The Claude model line of a tier alias; undefined for backend models. */
  line?: ModelTier;
}

/** The models a client may ask for: the claude-style aliases that are mapped, then the backend models. */
export function listAdvertisedModels(config: ProxyConfig): ListedModel[] {
  const models: ListedModel[] = [];
  const seen = new Set<string>();
  const add = (id: string, displayName: string, line?: ModelTier) => {
    if (seen.has(id)) return;
    seen.add(id);
    models.push(line === undefined ? { id, displayName } : { id, displayName, line });
  };
  for (const tier of modelTiers) {
    const route = config.tierRoutes.find((candidate) => candidate.tier === tier);
    const target = route?.model ?? config.defaultModel;
    if (target) add(claudeTierNames[tier], `${claudeTierNames[tier]} -> ${target}`, tier);
  }
  if (config.defaultModel) add(config.defaultModel, config.defaultModel);
  for (const route of config.tierRoutes) add(route.model, route.model);
  return models;
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
  max_input_tokens: null;
  max_tokens: null;
  deprecated_at: null;
  retires_at: null;
}

/** The Anthropic-format entries of `/v1/models`. */
export function anthropicModelEntries(config: ProxyConfig): AnthropicModelEntry[] {
  // An epoch value is what the API itself documents when the release date is unknown.
  const createdAt = '1970-01-01T00:00:00Z';
  return listAdvertisedModels(config).map((model) => ({
    type: 'model',
    id: model.id,
    display_name: model.displayName,
    created_at: createdAt,
    lifecycle: 'active',
    line: model.line ?? null,
    capabilities: null,
    max_input_tokens: null,
    max_tokens: null,
    deprecated_at: null,
    retires_at: null,
  }));
}

/** GET /v1/models in Anthropic's list format. */
export function handleAnthropicModels(res: ResponseSink, config: ProxyConfig): void {
  const data = anthropicModelEntries(config);
  writeJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}
