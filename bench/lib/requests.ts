/**
 * The request bodies of the bench. Each direction has the client's request (what the proxy
 * receives) and the backend's request (what the mock receives, directly or through the bare
 * forwarder), the latter produced by the proxy's own translator so that all three paths carry
 * the same bytes to the mock.
 */
import { resolveModelCapabilities } from '../../src/models/resolve-model-capabilities.js';
import { validateAnthropicMessagesRequest } from '../../src/protocols/anthropic/validate-request.js';
import { validateOpenAIChatRequest } from '../../src/protocols/openai/validate-request.js';
import { validateResponsesRequest } from '../../src/protocols/openai-responses/validate-request.js';
import { convertAnthropicRequestToOpenAI } from '../../src/translate/anthropic-on-openai-chat/convert-request.js';
import { convertOpenAIRequestToAnthropic } from '../../src/translate/openai-chat-on-anthropic/convert-request.js';
import { convertResponsesRequestToAnthropic } from '../../src/translate/openai-responses-on-anthropic/convert-request.js';
import type { TranslationContext } from '../../src/translate/types.js';
import { MOCK_ANTHROPIC_MODEL, MOCK_OPENAI_MODEL } from './mock-payloads.js';

/** One way through the proxy: client protocol in, backend protocol out. */
export interface Direction {
  id: 'anthropic-in' | 'openai-in' | 'responses-in';
  title: string;
  /** Path the client calls on the proxy. */
  proxyPath: string;
  /** Path the client calls on the mock (directly or through the forwarder). */
  backendPath: string;
  headers: Record<string, string>;
  /** What the last frame of a complete stream to the client carries. */
  terminalMarker: string;
  /** Request bodies, streaming and not: as the client sends them, and as the backend receives them. */
  client: { sync: string; stream: string };
  backend: { sync: string; stream: string };
}

const system = 'You are a concise assistant. Answer in plain prose.';
const question = 'Write four short lines about the sea.';

function context(backendModel: string, backendUrl: string): TranslationContext {
  let counter = 0;
  return {
    requestedModel: 'claude-sonnet-4-5',
    backendModel,
    backendId: `bench:${backendUrl}`,
    backendUrl,
    capabilities: resolveModelCapabilities(backendModel, backendUrl, {}),
    newId: (prefix) => `${prefix}${++counter}`,
    now: () => 1_700_000_000,
  };
}

function anthropicClientRequest(stream: boolean): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system,
    messages: [{ role: 'user', content: question }],
    ...(stream ? { stream: true } : {}),
  };
}

function openAIClientRequest(stream: boolean): Record<string, unknown> {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'system', content: system }, { role: 'user', content: question }],
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

/** What Codex sends, trimmed to the part that matters here: instructions, one user message. */
function responsesClientRequest(stream: boolean): Record<string, unknown> {
  return {
    model: 'bench-model',
    instructions: system,
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: question }] }],
    max_output_tokens: 1024,
    store: false,
    ...(stream ? { stream: true } : {}),
  };
}

/** The three client APIs; `backendUrl` only feeds capability resolution, as in the proxy. */
export function directions(backendUrl: string): Direction[] {
  const toOpenAI = (stream: boolean) => JSON.stringify(convertAnthropicRequestToOpenAI(
    validateAnthropicMessagesRequest(anthropicClientRequest(stream)), context(MOCK_OPENAI_MODEL, `${backendUrl}/v1`)).value);
  const toAnthropic = (stream: boolean) => JSON.stringify(convertOpenAIRequestToAnthropic(
    validateOpenAIChatRequest(openAIClientRequest(stream)), context(MOCK_ANTHROPIC_MODEL, backendUrl)).value);
  // Responses -> Anthropic Messages (the middle step) -> Chat Completions, as the exchange does.
  const responsesToOpenAI = (stream: boolean) => {
    const chatContext = context(MOCK_OPENAI_MODEL, `${backendUrl}/v1`);
    const middle = convertResponsesRequestToAnthropic(validateResponsesRequest(responsesClientRequest(stream)), chatContext, 'intermediate').value.request;
    return JSON.stringify(convertAnthropicRequestToOpenAI(validateAnthropicMessagesRequest(middle), chatContext).value);
  };
  return [
    {
      id: 'anthropic-in',
      title: 'Anthropic client -> OpenAI backend',
      proxyPath: '/v1/messages',
      backendPath: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'bench' },
      terminalMarker: 'message_stop',
      client: { sync: JSON.stringify(anthropicClientRequest(false)), stream: JSON.stringify(anthropicClientRequest(true)) },
      backend: { sync: toOpenAI(false), stream: toOpenAI(true) },
    },
    {
      id: 'openai-in',
      title: 'OpenAI client -> Anthropic backend',
      proxyPath: '/v1/chat/completions',
      backendPath: '/v1/messages',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      terminalMarker: '[DONE]',
      client: { sync: JSON.stringify(openAIClientRequest(false)), stream: JSON.stringify(openAIClientRequest(true)) },
      backend: { sync: toAnthropic(false), stream: toAnthropic(true) },
    },
    {
      id: 'responses-in',
      title: 'Responses client (Codex) -> OpenAI Chat backend',
      proxyPath: '/v1/responses',
      backendPath: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      terminalMarker: 'response.completed',
      client: { sync: JSON.stringify(responsesClientRequest(false)), stream: JSON.stringify(responsesClientRequest(true)) },
      backend: { sync: responsesToOpenAI(false), stream: responsesToOpenAI(true) },
    },
  ];
}
