import type { ServerResponse } from 'node:http';
import type { ProxyConfig } from '../../config/config-types.js';
import { writeJson } from '../../app/http-io.js';

/** Claude-style aliases advertised per tier (Claude Code only lists ids that contain "claude"). */
const tierAliases = {
  opus: 'claude-opus-4-8',
  sonnet: 'claude-sonnet-5',
  haiku: 'claude-haiku-4-5',
} as const;

export interface ListedModel {
  id: string;
  displayName: string;
}

/** The models a client may ask for: the claude-style aliases that are mapped, then the backend models. */
export function listAdvertisedModels(config: ProxyConfig): ListedModel[] {
  const models: ListedModel[] = [];
  const seen = new Set<string>();
  const add = (id: string, displayName: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    models.push({ id, displayName });
  };
  for (const tier of ['opus', 'sonnet', 'haiku'] as const) {
    const route = config.tierRoutes.find((candidate) => candidate.tier === tier);
    const target = route?.model ?? config.defaultModel;
    if (target) add(tierAliases[tier], `${tierAliases[tier]} -> ${target}`);
  }
  if (config.defaultModel) add(config.defaultModel, config.defaultModel);
  for (const route of config.tierRoutes) add(route.model, route.model);
  return models;
}

/** GET /v1/models in Anthropic's list format. */
export function handleAnthropicModels(res: ServerResponse, config: ProxyConfig): void {
  const createdAt = '2025-01-01T00:00:00Z';
  const data = listAdvertisedModels(config).map((model) => ({
    type: 'model',
    id: model.id,
    display_name: model.displayName,
    created_at: createdAt,
  }));
  writeJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}
