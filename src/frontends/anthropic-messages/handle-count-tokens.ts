import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateAnthropicCountTokensRequest } from '../../protocols/anthropic/validate-request.js';
import { parseJsonBody, readRequestBody, writeJson } from '../../http/http-io.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import { prepareOpenAIRequest } from '../../exchange/anthropic-messages-on-openai-chat/prepare-openai-request.js';
import { sendAnthropicError } from './send-anthropic-error.js';

/**
 * POST /v1/messages/count_tokens: an estimate of the request as the backend would receive it,
 * tokenized with o200k whatever the backend model (approximate for models that tokenize
 * differently; see count-tokens.ts). The tokenizer is loaded by the first count, not at start-up.
 */
export async function handleAnthropicCountTokens(
  runtime: ProxyRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  scope: RequestScope,
): Promise<void> {
  try {
    const body = parseJsonBody(await readRequestBody(req, runtime.config.limits.maxBodyBytes));
    const request = validateAnthropicCountTokensRequest(body);
    const prepared = await prepareOpenAIRequest(runtime, request, scope);
    const { countOpenAIRequestTokens } = await import('../../translate/anthropic-on-openai-chat/count-tokens.js');
    const inputTokens = countOpenAIRequestTokens(prepared.request);
    scope.log.inputTokens = inputTokens;
    writeJson(res, 200, { input_tokens: inputTokens });
    scope.finishLog(200);
  } catch (error) {
    sendAnthropicError(res, scope, error, runtime.logger);
  }
}
