/**
 * Property tests for the request translators and validators, as pure functions: random valid
 * Anthropic requests become valid OpenAI requests (for every backend shape), random valid
 * OpenAI requests become valid Anthropic requests, and random JSON never throws anything but
 * a ProxyError (a clean 400 for the client).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { validateAnthropicCountTokensRequest, validateAnthropicMessagesRequest } from '../../src/protocols/anthropic/validate-request.js';
import { validateOpenAIChatRequest } from '../../src/protocols/openai/validate-request.js';
import { convertAnthropicRequestToOpenAI } from '../../src/translate/anthropic-on-openai-chat/convert-request.js';
import { convertOpenAIRequestToAnthropic } from '../../src/translate/openai-chat-on-anthropic/convert-request.js';
import { parseJsonBody } from '../../src/http/http-io.js';
import { backendShapes, makeTranslationContext, type BackendShape } from '../support/anthropic-to-openai-contexts.js';
import { createFixedTranslationContext } from '../support/fixed-translation-context.js';
import { checkOpenAIChatRequest } from '../support/openai-request-checker.js';
import { anthropicRequest, hostileJson, openAIRequest } from './arbitraries.js';

const runs = { numRuns: 150 };
const shapes = Object.keys(backendShapes) as BackendShape[];

/** Runs `action`; anything thrown must be a ProxyError with a 4xx status. */
function onlyClientErrors(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ProxyError) || error.status < 400 || error.status >= 500) throw error;
  }
}

/** The Anthropic shape the proxy's backend would accept: alternating roles, every tool_use answered. */
function anthropicProblems(request: { messages: Array<{ role: string; content: unknown }> }): string[] {
  const problems: string[] = [];
  let pending = new Set<string>();
  request.messages.forEach((message, index) => {
    if (index === 0 && message.role !== 'user') problems.push('first message is not from the user');
    if (index > 0 && request.messages[index - 1]!.role === message.role) problems.push(`messages[${index}] repeats role ${message.role}`);
    const blocks = typeof message.content === 'string' ? [] : (message.content as Array<Record<string, unknown>>);
    if (message.role === 'user') {
      for (const block of blocks) if (block.type === 'tool_result') pending.delete(String(block.tool_use_id));
      if (pending.size > 0) problems.push(`messages[${index}] leaves ${[...pending].join(', ')} unanswered`);
      pending = new Set();
    } else {
      for (const block of blocks) if (block.type === 'tool_use') pending.add(String(block.id));
    }
  });
  return problems;
}

describe('request translators under random input', () => {
  it.each(shapes)('random valid Anthropic requests translate to valid OpenAI requests (%s)', (shape) => {
    fc.assert(
      fc.property(anthropicRequest, (body) => {
        const request = validateAnthropicMessagesRequest(body);
        const context = makeTranslationContext(shape);
        const { value } = convertAnthropicRequestToOpenAI(request, context);
        expect(checkOpenAIChatRequest(value, { schemaDialect: context.capabilities.schemaDialect })).toEqual([]);
      }),
      runs,
    );
  });

  it('random valid OpenAI requests translate to valid Anthropic requests', () => {
    fc.assert(
      fc.property(openAIRequest, (body) => {
        const { value } = convertOpenAIRequestToAnthropic(validateOpenAIChatRequest(body), createFixedTranslationContext());
        expect(() => validateAnthropicMessagesRequest(value)).not.toThrow();
        expect(anthropicProblems(value)).toEqual([]);
      }),
      runs,
    );
  });

  it('random JSON into the validators and translators: a ProxyError (4xx) or a result, nothing else', () => {
    fc.assert(
      fc.property(hostileJson, (body) => {
        onlyClientErrors(() => validateAnthropicCountTokensRequest(body));
        onlyClientErrors(() => convertAnthropicRequestToOpenAI(validateAnthropicMessagesRequest(body), makeTranslationContext('openai')));
        onlyClientErrors(() => convertOpenAIRequestToAnthropic(validateOpenAIChatRequest(body), createFixedTranslationContext()));
      }),
      { numRuns: 500 },
    );
  });

  it('random bytes and malformed JSON into the body parser: only a 400', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string().map((value) => Buffer.from(value))), (bytes) => {
        onlyClientErrors(() => parseJsonBody(Buffer.from(bytes)));
      }),
      { numRuns: 500 },
    );
  });
});
