/** The TranslationContext of one request on one backend model: the one way every exchange builds it. */
import type { BackendConfig } from '../config/config-types.js';
import { capabilityOverridesFor } from '../config/parse-config.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import { resolveClaudeModelCapabilities } from '../models/claude-model-capabilities.js';
import { resolveModelCapabilities } from '../models/resolve-model-capabilities.js';
import type { TranslationContext } from '../translate/types.js';

/** For `backend`'s `model`: Claude's capabilities on an Anthropic backend, the registry's on any other. */
export function translationContextFor(runtime: ProxyRuntime, backend: BackendConfig, model: string, requestedModel: string): TranslationContext {
  const overrides = capabilityOverridesFor(runtime.config, model, backend.name);
  return {
    requestedModel,
    backendModel: model,
    backendId: `${backend.kind}:${backend.baseUrl}`,
    backendUrl: backend.baseUrl,
    capabilities: backend.kind === 'anthropic' ? resolveClaudeModelCapabilities(model, overrides) : resolveModelCapabilities(model, backend.baseUrl, overrides),
    newId: runtime.newId,
    now: () => Math.floor(Date.now() / 1000),
  };
}
