import type { BackendConfig } from '../../config/config-types.js';
import { RoutingError, UpstreamProtocolError } from '../../errors/proxy-error.js';
import { readUpstreamText, sendUpstreamRequest, type UpstreamResponse } from '../upstream-client.js';
import { apiKeyOf, backendLabel, callLimitsOf, HOP_HEADER, type BackendCallOptions } from '../backend-call.js';

function openAIHeaders(backend: BackendConfig, options: BackendCallOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'claude-proxy/0.1',
    [HOP_HEADER]: options.instanceId,
  };
  const apiKey = apiKeyOf(backend, options);
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

/** POST {baseUrl}{path} with an already serialized body. */
function postOpenAI(backend: BackendConfig, path: string, body: string | Uint8Array, options: BackendCallOptions): Promise<UpstreamResponse> {
  return sendUpstreamRequest(options.client, {
    url: `${backend.baseUrl}${path}`,
    method: 'POST',
    headers: openAIHeaders(backend, options),
    body,
    ...callLimitsOf(backend, options),
  });
}

/** POST {baseUrl}/chat/completions with an already serialized body. */
export function postOpenAIChatCompletion(backend: BackendConfig, body: string | Uint8Array, options: BackendCallOptions): Promise<UpstreamResponse> {
  return postOpenAI(backend, '/chat/completions', body, options);
}

/** POST {baseUrl}/responses (or /responses/compact): for a backend that speaks the Responses API itself (`responsesApi`). */
export function postOpenAIResponses(backend: BackendConfig, body: string | Uint8Array, options: BackendCallOptions, path: '/responses' | '/responses/compact' = '/responses'): Promise<UpstreamResponse> {
  return postOpenAI(backend, path, body, options);
}

/** GET {baseUrl}/models -> the model ids, in the backend's order. */
export async function listOpenAIModels(backend: BackendConfig, options: BackendCallOptions): Promise<string[]> {
  const label = backendLabel(backend);
  const response = await sendUpstreamRequest(options.client, {
    url: `${backend.baseUrl}/models`,
    method: 'GET',
    headers: openAIHeaders(backend, options),
    ...callLimitsOf(backend, options),
  });
  const text = await readUpstreamText(response, 4 * 1024 * 1024, label);
  if (response.statusCode >= 400) {
    throw new RoutingError(`Backend ${label} answered ${response.statusCode} to GET /models: ${text.slice(0, 300)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UpstreamProtocolError(`Backend ${label} answered GET /models with something that is not JSON.`);
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data)) return [];
  return data
    .map((entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string');
}
