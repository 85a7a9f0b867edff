/**
 * Capabilities of a backend model, from the registry in known-models.ts. Pure: the same
 * (model, url, overrides) always gives the same answer.
 */
import { knownModels, knownProviders, unknownModelCapabilities } from './known-models.js';
import type { KnownModel } from './known-models.js';
import type { ModelCapabilities } from './model-capabilities.js';

/** The model id without gateway vendor prefix (`google/gemini-2.5-pro` -> `gemini-2.5-pro`). */
function withoutVendorPrefix(model: string): string {
  const slash = model.lastIndexOf('/');
  return slash === -1 ? model : model.slice(slash + 1);
}

/** Exact id first, then the id after the vendor prefix; case-insensitive on the id. */
export function findKnownModel(model: string): KnownModel | undefined {
  const candidates = [model.toLowerCase(), withoutVendorPrefix(model).toLowerCase()];
  for (const candidate of candidates) {
    const found = knownModels.find((entry) => entry.pattern.test(candidate));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Drops keys whose value is `undefined`, so a partial never erases a resolved value. */
export function definedOnly(partial: Partial<ModelCapabilities> | undefined): Partial<ModelCapabilities> {
  if (partial === undefined) return {};
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
}

/**
 * What `model` on the backend at `backendUrl` can do. Order of precedence, lowest first:
 * unknown-model defaults, provider defaults, the model entry, provider overrides, `overrides`
 * (from configuration).
 */
export function resolveModelCapabilities(
  model: string,
  backendUrl: string,
  overrides?: Partial<ModelCapabilities>,
): ModelCapabilities {
  const provider = knownProviders.find((entry) => entry.urlPattern.test(backendUrl.toLowerCase()));
  return {
    ...unknownModelCapabilities,
    ...provider?.defaults,
    ...findKnownModel(model)?.capabilities,
    ...provider?.overrides,
    ...definedOnly(overrides),
  };
}
