import { listOpenAIModels } from '../upstream/openai-chat/openai-chat-backend.js';
import type { ProxyConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import { undiciUpstreamClient } from '../runtime/node/undici-upstream-client.js';

/** How long the start-up check waits for the backend's model list. */
const probeTimeoutMs = 3000;

/**
 * At start, when the proxy relies on the default backend (the local Ollama) or on discovering
 * its model, asks the backend's `/models` once in the background and warns, saying how to fix
 * it, when nothing answers. Never delays serving and never throws.
 */
export async function warnIfDefaultBackendSilent(config: ProxyConfig, logger: Logger, instanceId: string): Promise<void> {
  const backend = config.backends.find((candidate) => candidate.name === config.defaultBackend);
  if (!backend || backend.kind !== 'openai') return;
  const isDefault = backend.source.startsWith('default');
  if (!isDefault && config.defaultModel !== undefined) return;
  try {
    await listOpenAIModels(backend, { client: undiciUpstreamClient, headersTimeoutMs: probeTimeoutMs, bodyTimeoutMs: probeTimeoutMs, instanceId });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = isDefault
      ? 'Start Ollama (`ollama serve`), or set OPEN_AI_URL, API_KEY and OPEN_MODEL for your backend.'
      : 'Check that it is running, or set OPEN_MODEL so that no model list is needed.';
    logger.warn(`The backend ${backend.baseUrl} does not answer (${reason}). Requests will fail with 502 until it does. ${fix}`);
  }
}
