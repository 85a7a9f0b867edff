/**
 * What routing needs to know of a request, read once after validation: cheap facts, never a
 * tokenizer pass. Pure. The frontends build it; `planRoute(config, summary)` reads it.
 */
import type { AnthropicCountTokensRequest, AnthropicMessageParam, AnthropicMessagesRequest } from '../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../protocols/openai/types.js';
import type { ResponsesRequest } from '../protocols/openai-responses/types.js';
import { isWebSearchTool } from '../translate/anthropic-on-openai-chat/refuse-unservable-web-search.js';

/** The client APIs the proxy serves. */
export type ClientApi = 'anthropic-messages' | 'openai-chat' | 'openai-responses';

export interface RequestSummary {
  clientApi: ClientApi;
  /** The model name as the client sent it. */
  model: string;
  /**
   * The client asked for thinking: Anthropic `thinking` enabled or adaptive (Claude Code sends it
   * while its thinking toggle is on), OpenAI `reasoning_effort` other than none/minimal.
   */
  thinking: boolean;
  /** An image in the latest user turn (its own blocks or a tool result's). */
  imageInLatestTurn: boolean;
  /** A web search server tool (`web_search_20250305`) or OpenAI `web_search_options`. */
  webSearch: boolean;
  /**
   * Input tokens, estimated as (body bytes − inline media bytes) / 4, plus a flat 1,600 per
   * image: a length check and one walk over the block types, never a tokenizer.
   */
  estimatedInputTokens: number;
  stream: boolean;
}

/** Anthropic's own estimate for a large image (about 1.15 megapixels / 750). */
const TOKENS_PER_IMAGE = 1_600;
const BYTES_PER_TOKEN = 4;

interface MediaTally {
  bytes: number;
  images: number;
}

export function summarizeAnthropicRequest(
  request: AnthropicMessagesRequest | AnthropicCountTokensRequest,
  bodyBytes: number,
  clientApi: ClientApi = 'anthropic-messages',
): RequestSummary {
  const media: MediaTally = { bytes: 0, images: 0 };
  for (const message of request.messages) tallyMedia(message.content, media);
  const thinkingType = request.thinking?.type;
  return {
    clientApi,
    model: request.model,
    thinking: thinkingType === 'enabled' || thinkingType === 'adaptive',
    imageInLatestTurn: latestUserTurnHasImage(request.messages),
    webSearch: (request.tools ?? []).some(isWebSearchTool),
    estimatedInputTokens: estimateTokens(bodyBytes, media),
    stream: (request as AnthropicMessagesRequest).stream === true,
  };
}

export function summarizeOpenAIChatRequest(request: OpenAIChatRequest, bodyBytes: number): RequestSummary {
  const media: MediaTally = { bytes: 0, images: 0 };
  let imageInLatestTurn = false;
  for (let index = 0; index < request.messages.length; index++) {
    const message = request.messages[index]!;
    if (!Array.isArray(message.content)) continue;
    let images = 0;
    for (const part of message.content as Array<{ type?: unknown; image_url?: { url?: unknown } }>) {
      if (part?.type !== 'image_url') continue;
      images++;
      const url = part.image_url?.url;
      if (typeof url === 'string' && url.startsWith('data:')) media.bytes += url.length;
    }
    media.images += images;
    if (message.role === 'user') imageInLatestTurn = images > 0;
  }
  const effort = request.reasoning_effort;
  return {
    clientApi: 'openai-chat',
    model: request.model,
    thinking: effort !== undefined && effort !== null && effort !== 'none' && effort !== 'minimal',
    imageInLatestTurn,
    webSearch: (request as { web_search_options?: unknown }).web_search_options != null,
    estimatedInputTokens: estimateTokens(bodyBytes, media),
    stream: request.stream === true,
  };
}

/** Codex and the openai SDK's `responses`: effort, images of the latest user message, the web_search tool. */
export function summarizeResponsesRequest(request: ResponsesRequest, bodyBytes: number): RequestSummary {
  const media: MediaTally = { bytes: 0, images: 0 };
  let imageInLatestTurn = false;
  const items = typeof request.input === 'string' ? [] : request.input;
  for (const item of items) {
    const content = (item as { content?: unknown }).content;
    const role = (item as { role?: unknown }).role;
    let images = 0;
    if (Array.isArray(content)) {
      for (const part of content as Array<{ type?: unknown; image_url?: unknown }>) {
        if (part?.type !== 'input_image') continue;
        images++;
        if (typeof part.image_url === 'string' && part.image_url.startsWith('data:')) media.bytes += part.image_url.length;
      }
    }
    media.images += images;
    if (role === 'user') imageInLatestTurn = images > 0;
  }
  const effort = request.reasoning?.effort;
  return {
    clientApi: 'openai-responses',
    model: request.model,
    thinking: typeof effort === 'string' && effort !== 'none' && effort !== 'minimal',
    imageInLatestTurn,
    // Codex declares web_search with external_web_access: false when live search is off.
    webSearch: (request.tools ?? []).some((tool) => (tool.type === 'web_search' || tool.type === 'web_search_preview') && (tool as { external_web_access?: unknown }).external_web_access !== false),
    estimatedInputTokens: estimateTokens(bodyBytes, media),
    stream: request.stream === true,
  };
}

function estimateTokens(bodyBytes: number, media: MediaTally): number {
  return Math.ceil(Math.max(0, bodyBytes - media.bytes) / BYTES_PER_TOKEN) + media.images * TOKENS_PER_IMAGE;
}

/** Inline image and PDF data (`source.data`), nested tool results included. */
function tallyMedia(content: AnthropicMessageParam['content'] | unknown, media: MediaTally): void {
  if (!Array.isArray(content)) return;
  for (const block of content as Array<{ type?: unknown; source?: { data?: unknown }; content?: unknown }>) {
    if (block === null || typeof block !== 'object') continue;
    if (block.type === 'image' || block.type === 'document') {
      if (block.type === 'image') media.images++;
      const data = block.source?.data;
      if (typeof data === 'string') media.bytes += data.length;
    } else if (block.type === 'tool_result') {
      tallyMedia(block.content, media);
    }
  }
}

/** The last user message carries an image block, directly or in a tool result. */
function latestUserTurnHasImage(messages: readonly AnthropicMessageParam[]): boolean {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role !== 'user') continue;
    return containsImage(message.content);
  }
  return false;
}

function containsImage(content: unknown): boolean {
  if (!Array.isArray(content)) return false;
  return (content as Array<{ type?: unknown; content?: unknown }>).some(
    (block) => block !== null && typeof block === 'object' && (block.type === 'image' || (block.type === 'tool_result' && containsImage(block.content))),
  );
}
