/** The TranslationContext of one request on one backend model: the one way every exchange builds it. */
import type { BackendConfig, ProxyConfig } from '../config/config-types.js';
import { capabilityOverridesFor } from '../config/parse-config.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import { resolveClaudeModelCapabilities } from '../models/claude-model-capabilities.js';
import type { ModelCapabilities } from '../models/model-capabilities.js';
import { resolveModelCapabilities } from '../models/resolve-model-capabilities.js';
import type { TranslationContext } from '../translate/types.js';

/**
 * Capabilities by backend and model, per configuration object (a reload brings a new one, so
 * nothing stale survives it). Resolving them merges five tables and runs the known-model
 * patterns: a few microseconds that every request paid. Frozen, since every request of the pair
 * shares the object; bounded, since clients choose model names.
 */
const resolvedCapabilities = new WeakMap<ProxyConfig, Map<string, Readonly<ModelCapabilities>>>();
const maxCachedPairs = 512;

/**
 * The same answers by the backend object itself, for the configured backends, which live as long
 * as their configuration: no key string to build and hash per request (issue 13). A URL-routed
 * backend is a new object each request, so it is found by the keyed table above.
 */
const capabilitiesByBackend = new WeakMap<BackendConfig, { config: ProxyConfig; models: Map<string, Readonly<ModelCapabilities>> }>();

function capabilitiesFor(config: ProxyConfig, backend: BackendConfig, model: string): Readonly<ModelCapabilities> {
  let entry = capabilitiesByBackend.get(backend);
  if (entry === undefined || entry.config !== config) {
    entry = { config, models: new Map() };
    capabilitiesByBackend.set(backend, entry);
  }
  let capabilities = entry.models.get(model);
  if (capabilities === undefined) {
    capabilities = capabilitiesByKey(config, backend, model);
    if (entry.models.size >= maxCachedPairs) entry.models.clear();
    entry.models.set(model, capabilities);
  }
  return capabilities;
}

function capabilitiesByKey(config: ProxyConfig, backend: BackendConfig, model: string): Readonly<ModelCapabilities> {
  let cache = resolvedCapabilities.get(config);
  if (cache === undefined) {
    cache = new Map();
    resolvedCapabilities.set(config, cache);
  }
  const key = `${backend.kind}\n${backend.name}\n${backend.baseUrl}\n${model}`;
  let capabilities = cache.get(key);
  if (capabilities === undefined) {
    const overrides = capabilityOverridesFor(config, model, backend.name);
    capabilities = Object.freeze(backend.kind === 'anthropic' ? resolveClaudeModelCapabilities(model, overrides) : resolveModelCapabilities(model, backend.baseUrl, overrides));
    if (cache.size >= maxCachedPairs) cache.clear();
    cache.set(key, capabilities);
  }
  return capabilities;
}

const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

/** For `backend`'s `model`: Claude's capabilities on an Anthropic backend, the registry's on any other. */
export function translationContextFor(runtime: ProxyRuntime, backend: BackendConfig, model: string, requestedModel: string): TranslationContext {
  return {
    requestedModel,
    backendModel: model,
    backendId: `${backend.kind}:${backend.baseUrl}`,
    backendUrl: backend.baseUrl,
    capabilities: capabilitiesFor(runtime.config, backend, model),
    newId: runtime.newId,
    now: nowInSeconds,
  };
}
