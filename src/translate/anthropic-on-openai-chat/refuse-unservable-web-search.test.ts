import { describe, expect, it } from 'vitest';
import { functionToolsOf } from '../../../test/support/function-tools.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicMessagesRequest, AnthropicTool } from '../../protocols/anthropic/types.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';

/** What Claude Code's WebSearch tool sends: one server tool, nothing else. */
const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 8 } as AnthropicTool;
const readTool: AnthropicTool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } };
const base: AnthropicMessagesRequest = {
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Perform a web search for the query: vitest 4 release date' }],
};
const translate = (request: Partial<AnthropicMessagesRequest>) => convertAnthropicRequestToOpenAI({ ...base, ...request }, makeTranslationContext('deepseek'));

describe('Anthropic web search on an OpenAI-compatible backend', () => {
  it('a request whose only tool is web search is a clear 400 that says the backend cannot search', () => {
    let caught: unknown;
    try {
      translate({ tools: [webSearch] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TranslationError);
    expect((caught as TranslationError).status).toBe(400);
    expect((caught as TranslationError).message).toMatch(/"deepseek-chat" cannot search the web.*web_search_20250305/);
  });

  it('a tool_choice that forces the web search tool is the same 400', () => {
    expect(() => translate({ tools: [readTool, webSearch], tool_choice: { type: 'tool', name: 'web_search' } })).toThrow(/cannot search the web/);
  });

  it('beside other tools, web search is dropped with a warning and the other tools stay', () => {
    const { value, warnings } = translate({ tools: [readTool, webSearch] });
    expect(functionToolsOf(value).map((tool) => tool.function.name)).toEqual(['Read']);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_tool', field: 'tools[1]' }));
  });

  it('tool_choice none asks for no tool: no error', () => {
    expect(translate({ tools: [webSearch], tool_choice: { type: 'none' } }).value.tools).toBeUndefined();
  });
});
