import type { BackendConfig } from '../../config/config-types.js';
import { RoutingError, UpstreamConnectionError, UpstreamTimeoutError } from '../../errors/proxy-error.js';
import type { Logger } from '../../log/logger.js';
import type { UpstreamClient } from '../upstream-client.js';
import { listOpenAIModels } from './openai-chat-backend.js';

/**
 * The backend model to use when none is configured: the first that the backend's /models lists.
 * A backend that does not answer is a backend error (502/504) that says how to fix it, never a 400.
 */
export async function discoverFirstModel(
  backend: BackendConfig,
  { client, instanceId, logger }: { client: UpstreamClient; instanceId: string; logger: Logger },
): Promise<string> {
  let models: string[];
  try {
    models = await listOpenAIModels(backend, {
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
      instanceId,
      client,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = backend.source.startsWith('default')
      ? 'Start Ollama (`ollama serve`), or set OPEN_AI_URL and OPEN_MODEL to your backend.'
      : 'Check that it is running and reachable, or set OPEN_MODEL so that no model list is needed.';
    // The backend is down or broken, not the request: a backend error (502/504), never a 400.
    const options = { cause: error, retryAfter: undefined };
    const message = `Backend ${backend.baseUrl} did not answer its model list (${reason}). ${fix}`;
    throw error instanceof UpstreamTimeoutError ? new UpstreamTimeoutError(message, options) : new UpstreamConnectionError(message, options);
  }
  const first = models[0];
  if (!first) throw new RoutingError(`No backend model is configured: set OPEN_MODEL (the backend ${backend.baseUrl} lists no models).`);
  logger.info(`No OPEN_MODEL set: using "${first}", the first model that ${backend.baseUrl}/models lists.`);
  return first;
}
