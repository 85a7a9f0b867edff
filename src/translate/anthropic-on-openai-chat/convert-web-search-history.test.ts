/**
 * A later turn whose history holds web search blocks (ours, echoed back by the client with their
 * `encrypted_content`, or Anthropic's, including a failed search) translates without an error:
 * the blocks become assistant text.
 */
import { describe, expect, it } from 'vitest';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readFixture } from '../../../test/support/mock-openai-backend.js';
import { checkOpenAIChatRequest } from '../../../test/support/openai-request-checker.js';
import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import type { OpenAIChatCompletion } from '../../protocols/openai/types.js';
import { validateAnthropicMessagesRequest } from '../../protocols/anthropic/validate-request.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';
import { convertOpenAIResponseToAnthropic } from './convert-response.js';

const answer = convertOpenAIResponseToAnthropic(
  JSON.parse(readFixture('upstream/openai-chat/openrouter/nonstream-web-search-citations.json')) as OpenAIChatCompletion,
  createFixedTranslationContext(),
  { webSearch: { query: 'vitest 4 release', alwaysSearches: false } },
).value;

function laterTurn(assistantContent: unknown[]): AnthropicMessagesRequest {
  // The client echoes the blocks as it got them (a JSON round trip), then asks again.
  return validateAnthropicMessagesRequest(JSON.parse(JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 1000,
    messages: [
      { role: 'user', content: 'When did Vitest 4 come out?' },
      { role: 'assistant', content: assistantContent },
      { role: 'user', content: 'And what does it add?' },
    ],
  })));
}

function assistantText(request: AnthropicMessagesRequest, shape: 'deepseek' | 'openrouter'): string {
  const context = makeTranslationContext(shape);
  const { value, warnings } = convertAnthropicRequestToOpenAI(request, context);
  expect(checkOpenAIChatRequest(value, { schemaDialect: context.capabilities.schemaDialect })).toEqual([]);
  expect(warnings).toContainEqual(expect.objectContaining({ code: 'summarized_web_search', field: 'messages[1].content[0]' }));
  const assistant = value.messages.find((message) => message.role === 'assistant');
  return typeof assistant?.content === 'string' ? assistant.content : '';
}

describe('web search blocks in the history', () => {
  it.each(['deepseek', 'openrouter'] as const)('our own blocks, echoed back, become text on %s', (shape) => {
    const text = assistantText(laterTurn(answer.content), shape);
    expect(text).toContain('[Web search: "vitest 4 release"]');
    expect(text).toContain('- Vitest 4.0 is out! | Vitest (https://vitest.dev/blog/vitest-4)');
    expect(text).toContain('- Release v4.0.0 · vitest-dev/vitest (https://github.com/vitest-dev/vitest/releases/tag/v4.0.0)');
    // The answer's text comes through whole; the citations and encrypted_content stay behind.
    expect(text).toContain('Vitest 4.0 came out on October 22, 2025');
    expect(text).not.toContain('cpxw1.');
  });

  it("Anthropic's failed search says why", () => {
    const text = assistantText(laterTurn([
      { type: 'server_tool_use', id: 'srvtoolu_01A', name: 'web_search', input: { query: 'x' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01A', content: { type: 'web_search_tool_result_error', error_code: 'max_uses_exceeded' } },
      { type: 'text', text: 'I could not search further.' },
    ]), 'deepseek');
    expect(text).toContain('[Web search failed: max_uses_exceeded]');
  });
});
