import type { ResponseSink } from '../../http/proxy-request.js';
import type { ProxyConfig } from '../../config/config-types.js';
import { writeJson } from '../../http/http-io.js';
import { listAdvertisedModels } from '../anthropic-messages/handle-models.js';

/** GET /v1/models in OpenAI's list format (clients that send no `anthropic-version`). */
export function handleOpenAIModels(res: ResponseSink, config: ProxyConfig): void {
  const ids = new Set(listAdvertisedModels(config).map((model) => model.id));
  if (config.source.kind === 'environment' && config.backends.some((backend) => backend.kind === 'anthropic')) {
    ids.add(config.claudeModel);
    for (const [from, to] of Object.entries(config.modelMap)) {
      ids.add(from);
      ids.add(to);
    }
  }
  const data = [...ids].map((id) => ({ id, object: 'model', created: 1_735_689_600, owned_by: 'claude-proxy' }));
  writeJson(res, 200, { object: 'list', data });
}
