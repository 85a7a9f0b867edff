/**
 * The exchange registry: for each client API and each backend kind, the module that serves that
 * pair. A new client API (the Responses API) or a new backend kind is new modules plus its line
 * here; the TypeScript types make a missing pair a compile error.
 */
import type { BackendKind } from '../config/config-types.js';
import type { AnthropicCountTokensRequest, AnthropicMessagesRequest } from '../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../protocols/openai/types.js';
import type { ResponsesRequest } from '../protocols/openai-responses/types.js';
import type { ClientApi } from '../routing/resolve-route.js';
import { anthropicMessagesOnAnthropic } from './anthropic-messages-on-anthropic/anthropic-messages-on-anthropic.js';
import { anthropicMessagesOnOpenAIChat } from './anthropic-messages-on-openai-chat/anthropic-messages-on-openai-chat.js';
import type { ExchangeCall } from './exchange-call.js';
import { openAIChatOnAnthropic } from './openai-chat-on-anthropic/openai-chat-on-anthropic.js';
import { openAIChatOnOpenAIChat } from './openai-chat-on-openai-chat/openai-chat-on-openai-chat.js';
import { openAIResponsesOnAnthropic } from './openai-responses-on-anthropic/openai-responses-on-anthropic.js';
import { openAIResponsesOnOpenAIChat } from './openai-responses-on-openai-chat/openai-responses-on-openai-chat.js';

/** Claude Code and the Anthropic SDKs: POST /v1/messages and /v1/messages/count_tokens. */
export interface AnthropicMessagesExchange {
  messages(call: ExchangeCall<AnthropicMessagesRequest>): Promise<void>;
  countTokens(call: ExchangeCall<AnthropicCountTokensRequest>): Promise<void>;
}

/** The OpenAI SDKs, LibreChat, SillyTavern: POST /v1/chat/completions. */
export interface OpenAIChatExchange {
  chatCompletions(call: ExchangeCall<OpenAIChatRequest>): Promise<void>;
}

/** Codex CLI and the openai SDK's `responses`: POST /v1/responses. */
export interface OpenAIResponsesExchange {
  responses(call: ExchangeCall<ResponsesRequest>): Promise<void>;
  /** POST /v1/responses/compact: the conversation's handoff summary as a compaction item. */
  compact(call: ExchangeCall<ResponsesRequest>): Promise<void>;
}

interface ExchangesByClientApi {
  'anthropic-messages': AnthropicMessagesExchange;
  'openai-chat': OpenAIChatExchange;
  'openai-responses': OpenAIResponsesExchange;
}

const registry: { [Api in ClientApi]: Record<BackendKind, ExchangesByClientApi[Api]> } = {
  'anthropic-messages': { openai: anthropicMessagesOnOpenAIChat, anthropic: anthropicMessagesOnAnthropic },
  'openai-chat': { openai: openAIChatOnOpenAIChat, anthropic: openAIChatOnAnthropic },
  'openai-responses': { openai: openAIResponsesOnOpenAIChat, anthropic: openAIResponsesOnAnthropic },
};

/** The exchange that serves `clientApi` on a backend of `kind`. */
export function exchangeFor<Api extends ClientApi>(clientApi: Api, kind: BackendKind): ExchangesByClientApi[Api] {
  return registry[clientApi][kind];
}
