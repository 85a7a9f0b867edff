/**
 * Replays every captured Claude Code request through validate + convert for three backend shapes
 * and checks the result is a valid OpenAI request that lost nothing of meaning.
 */
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { functionToolsOf } from '../../../test/support/function-tools.js';
import { checkOpenAIChatRequest } from '../../../test/support/openai-request-checker.js';
import { claudeCodeCountTokensRequests, claudeCodeMessageRequests } from '../../../test/support/fixture-sets.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import type { BackendShape } from '../../../test/support/anthropic-to-openai-contexts.js';
import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import type { Translated } from '../types.js';
import {
  validateAnthropicCountTokensRequest,
  validateAnthropicMessagesRequest,
} from '../../protocols/anthropic/validate-request.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';
import type { OpenAIChatRequestFromAnthropic } from './convert-request.js';
import type { ConvertedRequestBody } from './converted-request-types.js';
import { countOpenAIRequestTokens } from './count-tokens.js';

const messageRequests = claudeCodeMessageRequests();
const countRequests = claudeCodeCountTokensRequests();
const shapes: BackendShape[] = ['deepseek', 'openai', 'gemini'];

/**
 * Type-level check against the official SDK: the translator's output type must be assignable to
 * `ChatCompletionCreateParams`. Provider extensions (`reasoning_content`, `reasoning_details`,
 * `extra_content`) are extra properties, which TypeScript allows on a non-literal value.
 */
function asSdkRequest(request: OpenAIChatRequestFromAnthropic): ChatCompletionCreateParams {
  // Provider server tools (OpenRouter's web search) are outside the SDK's types; these captures get none.
  const functionOnly: Omit<OpenAIChatRequestFromAnthropic, 'tools' | 'tool_choice'> & Pick<ConvertedRequestBody, 'tools' | 'tool_choice'> = {
    ...request,
    tools: request.tools === undefined ? undefined : functionToolsOf(request),
    tool_choice: typeof request.tool_choice === 'object' && request.tool_choice.type !== 'function' ? undefined : request.tool_choice,
  };
  return functionOnly;
}

/** The narrow output type also satisfies the general wire contract `Translated<OpenAIChatRequest>`. */
const convertToWireRequest: (...args: Parameters<typeof convertAnthropicRequestToOpenAI>) => Translated<OpenAIChatRequest> =
  convertAnthropicRequestToOpenAI;

function userTexts(request: AnthropicMessagesRequest): string[] {
  return request.messages
    .filter((message) => message.role === 'user' || message.role === 'system')
    .flatMap((message) =>
      typeof message.content === 'string'
        ? [message.content]
        : message.content.flatMap((block) => (block.type === 'text' ? [(block as { text: string }).text] : [])),
    );
}

function systemTexts(request: AnthropicMessagesRequest): string[] {
  const system = request.system;
  if (system === undefined) return [];
  const texts = typeof system === 'string' ? [system] : system.map((block) => block.text);
  return texts.filter((text) => !text.startsWith('x-anthropic-billing-header:'));
}

function assertNothingLost(request: AnthropicMessagesRequest, output: OpenAIChatRequestFromAnthropic): void {
  const serialized = JSON.stringify(output.messages);
  const toolCallIds = output.messages.flatMap((message) => (message.role === 'assistant' ? (message.tool_calls ?? []).map((call) => call.id) : []));
  const toolMessages = output.messages.filter((message) => message.role === 'tool');
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_use') expect(toolCallIds).toContain((block as { id: string }).id);
      if (block.type === 'tool_result') {
        const result = block as { tool_use_id: string; content?: unknown };
        const answer = toolMessages.find((tool) => tool.tool_call_id === result.tool_use_id);
        expect(answer).toBeDefined();
        if (typeof result.content === 'string') expect(answer?.content).toContain(result.content);
        for (const name of toolReferenceNames(result.content)) expect(answer?.content).toContain(name);
      }
    }
  }
  for (const text of [...userTexts(request), ...systemTexts(request)]) expect(serialized).toContain(JSON.stringify(text).slice(1, -1));
  expect(serialized).not.toContain('x-anthropic-billing-header');
  expect(functionToolsOf(output).map((tool) => tool.function.name)).toEqual(expectedToolNames(request));
}

function toolReferenceNames(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap((block: { type?: string; tool_name?: string }) =>
    block.type === 'tool_reference' && typeof block.tool_name === 'string' ? [block.tool_name] : [],
  );
}

/**
 * Tools a backend without tool search must get: every tool not marked `defer_loading`, and the
 * deferred ones a tool search result (`tool_reference`) or an earlier call has loaded.
 */
function expectedToolNames(request: AnthropicMessagesRequest): string[] {
  const loaded = new Set<string>();
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_use') loaded.add((block as { name: string }).name);
      if (block.type === 'tool_result') for (const name of toolReferenceNames((block as { content?: unknown }).content)) loaded.add(name);
    }
  }
  return (request.tools ?? []).filter((tool) => tool.defer_loading !== true || loaded.has(tool.name)).map((tool) => tool.name);
}

describe('Claude Code captures -> OpenAI requests', () => {
  it('has captures to replay', () => {
    expect(messageRequests.length).toBeGreaterThanOrEqual(12);
    // Claude Code 2.1.332's tool search: deferred tools, then a ToolSearch result of tool_reference blocks.
    expect(messageRequests.map((request) => request.file)).toEqual(
      expect.arrayContaining(['14-tool-search-turn1-deferred-tools.json', '15-tool-search-turn2-tool_reference.json']),
    );
    expect(countRequests.length).toBeGreaterThanOrEqual(2);
  });

  for (const { file, body } of messageRequests) {
    for (const shape of shapes) {
      it(`${file} for a ${shape} backend`, () => {
        const context = makeTranslationContext(shape);
        const request = validateAnthropicMessagesRequest(body);
        const { value, warnings } = convertAnthropicRequestToOpenAI(request, context);
        expect(checkOpenAIChatRequest(value, { schemaDialect: context.capabilities.schemaDialect })).toEqual([]);
        assertNothingLost(request, value);
        expect(asSdkRequest(value).model).toBe(context.backendModel);
        expect(value.max_tokens ?? value.max_completion_tokens ?? 0).toBeLessThanOrEqual(context.capabilities.maxOutputTokens);
        expect(warnings.every((warning) => /^[a-z]+_[a-z_]+$/.test(warning.code))).toBe(true);
        if (!context.capabilities.midConversationSystem) {
          // Strict chat templates (vLLM / llama.cpp) reject a system message after the first turn.
          const firstTurn = value.messages.findIndex((message) => message.role !== 'system');
          expect(value.messages.slice(firstTurn).some((message) => message.role === 'system')).toBe(false);
        }
      });
    }
  }

  for (const { file, body } of countRequests) {
    it(`${file} counts a plausible number of tokens`, () => {
      const request = validateAnthropicCountTokensRequest(body);
      const { value } = convertToWireRequest(request, makeTranslationContext('openai'));
      const tokens = countOpenAIRequestTokens(value);
      const characters = JSON.stringify(value).length;
      // o200k averages ~3-5 characters per token on English prose and JSON schemas.
      expect(tokens).toBeGreaterThan(characters / 12);
      expect(tokens).toBeLessThan(characters / 1.5);
    });
  }
});
