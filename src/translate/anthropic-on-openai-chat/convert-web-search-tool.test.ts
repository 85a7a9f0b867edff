/**
 * Claude Code's WebSearch sub-request (captured from 2.1.332) on backends that search: OpenRouter's
 * server tool, OpenAI's `web_search_options`; the refusal stays for a backend without search.
 */
import { describe, expect, it } from 'vitest';
import { makeTranslationContext, type BackendShape } from '../../../test/support/anthropic-to-openai-contexts.js';
import { functionToolsOf } from '../../../test/support/function-tools.js';
import { readFixture } from '../../../test/support/mock-openai-backend.js';
import { checkOpenAIChatRequest } from '../../../test/support/openai-request-checker.js';
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicMessagesRequest, AnthropicTool } from '../../protocols/anthropic/types.js';
import { validateAnthropicMessagesRequest } from '../../protocols/anthropic/validate-request.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';
import { countOpenAIRequestTokens } from './count-tokens.js';

function capture(fixture: string): AnthropicMessagesRequest {
  const parsed = JSON.parse(readFixture(fixture)) as { body: unknown };
  return validateAnthropicMessagesRequest(parsed.body);
}

const subrequest = capture('clients/claude-code/websearch-subrequest.json');
const withDomains = capture('clients/claude-code/websearch-subrequest-allowed-domains.json');
const readTool: AnthropicTool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } };

function translate(request: AnthropicMessagesRequest, shape: BackendShape) {
  const context = makeTranslationContext(shape);
  const translated = convertAnthropicRequestToOpenAI(request, context);
  expect(checkOpenAIChatRequest(translated.value, { schemaDialect: context.capabilities.schemaDialect })).toEqual([]);
  return translated;
}

function withSearchTool(tool: Record<string, unknown>, extra: Partial<AnthropicMessagesRequest> = {}): AnthropicMessagesRequest {
  return { ...subrequest, tools: [{ type: 'web_search_20250305', name: 'web_search', ...tool } as AnthropicTool], ...extra };
}

describe('the captured Claude Code WebSearch sub-request', () => {
  it('is what the translator expects: one web search server tool, tool_choice auto, the query in a prompt', () => {
    expect(subrequest.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }]);
    expect(subrequest.tool_choice).toEqual({ type: 'auto' });
    expect(withDomains.tools?.[0]).toMatchObject({ allowed_domains: ['example.org', 'docs.example.org'] });
  });

  it('on OpenRouter: the openrouter:web_search server tool, no function tools, the query kept for the answer', () => {
    const { value, webSearch, warnings } = translate(subrequest, 'openrouter');
    expect(value.tools).toEqual([{ type: 'openrouter:web_search', parameters: { max_total_results: 40 } }]);
    expect(value.tool_choice).toBeUndefined();
    expect(value.web_search_options).toBeUndefined();
    expect(webSearch).toEqual({ query: 'proxy web search test', alwaysSearches: false });
    expect(warnings.map((warning) => warning.code)).not.toContain('dropped_tool');
  });

  it('count_tokens counts it: the server tool is one short definition', () => {
    const { value } = translate(subrequest, 'openrouter');
    const withoutTool = countOpenAIRequestTokens({ ...value, tools: [] });
    expect(countOpenAIRequestTokens(value)).toBeGreaterThan(withoutTool);
  });

  it('on OpenRouter: allowed_domains ride along', () => {
    const { value } = translate(withDomains, 'openrouter');
    expect(value.tools).toEqual([{ type: 'openrouter:web_search', parameters: { allowed_domains: ['example.org', 'docs.example.org'], max_total_results: 40 } }]);
  });

  it('on an OpenAI search model: web_search_options, no tools entry', () => {
    const { value, webSearch } = translate(subrequest, 'openaiSearch');
    expect(value.web_search_options).toEqual({});
    expect(value.tools).toBeUndefined();
    expect(value.tool_choice).toBeUndefined();
    expect(webSearch).toEqual({ query: 'proxy web search test', alwaysSearches: true });
  });

  it('on an OpenAI search model: allowed_domains cannot be carried, and a warning says so', () => {
    const { value, warnings } = translate(withDomains, 'openaiSearch');
    expect(value.web_search_options).toEqual({});
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_field', field: 'tools[0].allowed_domains' }));
  });

  it('without the capability the clear refusal stays', () => {
    expect(() => convertAnthropicRequestToOpenAI(subrequest, makeTranslationContext('deepseek'))).toThrow(TranslationError);
    expect(() => convertAnthropicRequestToOpenAI(subrequest, makeTranslationContext('deepseek'))).toThrow(/cannot search the web/);
  });

  it('a webSearch capability set by configuration serves the search on any backend', () => {
    const context = makeTranslationContext('deepseek', { webSearch: 'openrouter' });
    expect(convertAnthropicRequestToOpenAI(subrequest, context).value.tools).toEqual([{ type: 'openrouter:web_search', parameters: { max_total_results: 40 } }]);
  });
});

describe('web search tool fields', () => {
  const location = { type: 'approximate', city: 'Berlin', country: 'DE', region: null, timezone: 'Europe/Berlin' };

  it('user_location: flat on OpenRouter, under `approximate` for OpenAI (null fields left out)', () => {
    const request = withSearchTool({ user_location: location });
    expect(translate(request, 'openrouter').value.tools).toEqual([
      { type: 'openrouter:web_search', parameters: { user_location: { type: 'approximate', city: 'Berlin', country: 'DE', timezone: 'Europe/Berlin' } } },
    ]);
    expect(translate(request, 'openaiSearch').value.web_search_options).toEqual({
      user_location: { type: 'approximate', approximate: { city: 'Berlin', country: 'DE', timezone: 'Europe/Berlin' } },
    });
  });

  it('blocked_domains: excluded_domains on OpenRouter; beside allowed_domains it is dropped with a warning', () => {
    expect(translate(withSearchTool({ blocked_domains: ['spam.example'] }), 'openrouter').value.tools).toEqual([
      { type: 'openrouter:web_search', parameters: { excluded_domains: ['spam.example'] } },
    ]);
    const both = translate(withSearchTool({ allowed_domains: ['a.example'], blocked_domains: ['b.example'] }), 'openrouter');
    expect(both.value.tools).toEqual([{ type: 'openrouter:web_search', parameters: { allowed_domains: ['a.example'] } }]);
    expect(both.warnings).toContainEqual(expect.objectContaining({ code: 'dropped_field', field: 'tools[0].blocked_domains' }));
  });

  it('fields without an equivalent are dropped with a warning', () => {
    const { warnings } = translate(withSearchTool({ allowed_callers: ['direct'], strict: true }), 'openrouter');
    expect(warnings).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'dropped_field', field: 'tools[0].allowed_callers' }),
      expect.objectContaining({ code: 'dropped_field', field: 'tools[0].strict' }),
    ]));
  });
});

describe('web search beside other tools', () => {
  it('OpenRouter: the function tools first, then the server tool; tool_choice auto stays', () => {
    const { value } = translate(withSearchTool({}, { tools: [readTool, { type: 'web_search_20250305', name: 'web_search' } as AnthropicTool] }), 'openrouter');
    expect(functionToolsOf(value).map((tool) => tool.function.name)).toEqual(['Read']);
    expect(value.tools?.[1]).toEqual({ type: 'openrouter:web_search' });
    expect(value.tool_choice).toBe('auto');
  });

  it('OpenAI search model: the function tools stay, the search goes to web_search_options', () => {
    const { value } = translate(withSearchTool({}, { tools: [readTool, { type: 'web_search_20250305', name: 'web_search' } as AnthropicTool] }), 'openaiSearch');
    expect(functionToolsOf(value).map((tool) => tool.function.name)).toEqual(['Read']);
    expect(value.tools).toHaveLength(1);
    expect(value.web_search_options).toEqual({});
  });

  it('a tool_choice that forces the search forces the server tool on OpenRouter', () => {
    const request = withSearchTool({}, { tools: [readTool, { type: 'web_search_20250305', name: 'web_search' } as AnthropicTool], tool_choice: { type: 'tool', name: 'web_search' } });
    expect(translate(request, 'openrouter').value.tool_choice).toEqual({ type: 'openrouter:web_search' });
    // The search models search on every request: nothing to force.
    expect(translate(request, 'openaiSearch').value.tool_choice).toBeUndefined();
  });

  it('tool_choice none asks for no tool: no search, the search tool dropped with a warning', () => {
    const { value, webSearch, warnings } = translate(withSearchTool({}, { tool_choice: { type: 'none' } }), 'openrouter');
    expect(value.tools).toBeUndefined();
    expect(webSearch).toBeUndefined();
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_tool' }));
  });
});

describe('the reported query', () => {
  it("is Claude Code's query, or the latest user text of any other client (shortened)", () => {
    const other = withSearchTool({}, { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is new in Node 24?' }] }] });
    expect(translate(other, 'openrouter').webSearch?.query).toBe('What is new in Node 24?');
    const long = withSearchTool({}, { messages: [{ role: 'user', content: 'x'.repeat(2000) }] });
    expect(translate(long, 'openrouter').webSearch?.query).toHaveLength(501);
  });
});
