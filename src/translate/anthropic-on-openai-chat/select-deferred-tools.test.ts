import { describe, expect, it } from 'vitest';
import { functionToolsOf } from '../../../test/support/function-tools.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import type { AnthropicMessageParam, AnthropicTool } from '../../protocols/anthropic/types.js';
import type { TranslationWarning } from '../types.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';
import { selectLoadedTools } from './select-deferred-tools.js';

const schema = { type: 'object', properties: {} };
const tools: AnthropicTool[] = [
  { name: 'Bash', input_schema: schema },
  { name: 'ToolSearch', input_schema: schema },
  { name: 'WebFetch', input_schema: schema, defer_loading: true },
  { name: 'CronList', input_schema: schema, defer_loading: true },
  { name: 'DeferredToolPlaceholder', description: 'never call this tool', input_schema: schema, defer_loading: true },
];

const searchTurn: AnthropicMessageParam[] = [
  { role: 'user', content: 'fetch example.org' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'ToolSearch', input: { query: 'select:WebFetch' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'tool_reference', tool_name: 'WebFetch' }] }] },
];

function names(selected: AnthropicTool[] | undefined): string[] {
  return (selected ?? []).map((tool) => tool.name);
}

describe('selectLoadedTools', () => {
  it('leaves deferred tools out until the conversation references them', () => {
    const warnings: TranslationWarning[] = [];
    expect(names(selectLoadedTools(tools, [{ role: 'user', content: 'hi' }], undefined, warnings))).toEqual(['Bash', 'ToolSearch']);
    expect(names(selectLoadedTools(tools, searchTurn, undefined, warnings))).toEqual(['Bash', 'ToolSearch', 'WebFetch']);
    expect(warnings).toEqual([]);
  });

  it('keeps a deferred tool an earlier assistant turn called, and one tool_choice names', () => {
    const called: AnthropicMessageParam[] = [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'CronList', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'no jobs' }] },
    ];
    expect(names(selectLoadedTools(tools, called, undefined, []))).toEqual(['Bash', 'ToolSearch', 'CronList']);
    expect(names(selectLoadedTools(tools, [], { type: 'tool', name: 'WebFetch' }, []))).toEqual(['Bash', 'ToolSearch', 'WebFetch']);
  });

  it('reads the references of a server tool search result replayed from a Claude backend', () => {
    const replayed = [
      {
        role: 'assistant',
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'tool_search_tool_regex', input: { query: 'cron' } },
          {
            type: 'tool_search_tool_result',
            tool_use_id: 'srvtoolu_1',
            content: { type: 'tool_search_tool_search_result', tool_references: [{ type: 'tool_reference', tool_name: 'CronList' }] },
          },
        ],
      },
    ] as unknown as AnthropicMessageParam[];
    expect(names(selectLoadedTools(tools, replayed, undefined, []))).toEqual(['Bash', 'ToolSearch', 'CronList']);
  });

  it('sends every deferred tool, with a warning, when only Anthropic\'s server search could find them', () => {
    const withServerSearch: AnthropicTool[] = [...tools, { name: 'tool_search_tool_regex', type: 'tool_search_tool_regex_20251119' }];
    const warnings: TranslationWarning[] = [];
    expect(selectLoadedTools(withServerSearch, [], undefined, warnings)).toBe(withServerSearch);
    expect(warnings.map((warning) => warning.code)).toEqual(['loaded_deferred_tools']);
  });

  it('returns the list unchanged when nothing is deferred', () => {
    const plain = tools.filter((tool) => tool.defer_loading !== true);
    expect(selectLoadedTools(plain, [], undefined, [])).toBe(plain);
    expect(selectLoadedTools(undefined, [], undefined, [])).toBeUndefined();
  });
});

describe('a tool search result on an OpenAI-compatible backend', () => {
  it('names the loaded tools in the tool message and sends exactly those deferred tools', () => {
    const { value, warnings } = convertAnthropicRequestToOpenAI(
      {
        model: 'claude-opus-5-5',
        max_tokens: 1000,
        tools,
        messages: [
          ...searchTurn.slice(0, 2),
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [
                  { type: 'tool_reference', tool_name: 'WebFetch' },
                  { type: 'tool_reference', tool_name: 'CronList' },
                ],
              },
            ],
          },
        ],
      },
      makeTranslationContext('openai'),
    );
    expect(functionToolsOf(value).map((tool) => tool.function.name)).toEqual(['Bash', 'ToolSearch', 'WebFetch', 'CronList']);
    const toolMessage = value.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.content).toBe('Tool search result: these tools are now loaded and can be called: WebFetch, CronList.');
    expect(warnings.map((warning) => warning.code)).not.toContain('dropped_block');
  });
});
