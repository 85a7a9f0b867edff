import { describe, expect, it } from 'vitest';
import { functionToolsOf } from '../../../test/support/function-tools.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import type { OpenAIChatCompletion } from '../../protocols/openai/types.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';
import { convertOpenAIResponseToAnthropic } from './convert-response.js';
import { createOpenAIToAnthropicStreamTranslator } from './stream-translator.js';

const mcpName = 'mcp__claude_ai_Atlassian_Rovo__getConfluencePageFooterComments_with_long_suffix_abc';
const schema = { type: 'object', properties: {} };

const request = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  tools: [
    { name: mcpName, input_schema: schema },
    { name: 'files.read', input_schema: schema },
    { name: 'Bash', input_schema: schema },
  ],
  tool_choice: { type: 'tool', name: mcpName },
  messages: [
    { role: 'user', content: 'go' },
    {
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'toolu_1', name: mcpName, input: {} },
        { type: 'tool_use', id: 'toolu_2', name: 'removed.tool', input: {} },
        { type: 'tool_use', id: 'toolu_3', name: 'Bash', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a' },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: 'b' },
        { type: 'tool_result', tool_use_id: 'toolu_3', content: 'c' },
      ],
    },
  ],
} as AnthropicMessagesRequest;

describe('tool names an OpenAI-compatible backend cannot take', () => {
  const context = makeTranslationContext('openai');
  const translated = convertAnthropicRequestToOpenAI(request, context);
  const sentNames = functionToolsOf(translated.value).map((tool) => tool.function.name);
  const short = translated.toolNames.toBackend.get(mcpName)!;

  it('are renamed in tools, tool_choice and history (also of tools no longer offered); others stay', () => {
    for (const name of sentNames) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(sentNames[0]).toBe(short);
    expect(sentNames[2]).toBe('Bash');
    expect(translated.value.tool_choice).toEqual({ type: 'function', function: { name: short } });
    const assistant = translated.value.messages.find((message) => message.role === 'assistant');
    const historyNames = assistant?.role === 'assistant' ? assistant.tool_calls?.map((call) => call.function.name) : [];
    expect(historyNames).toEqual([short, translated.toolNames.toBackend.get('removed.tool'), 'Bash']);
    expect(historyNames?.[1]).toMatch(/^removed_tool_[0-9a-f]{8}$/);
    expect(translated.warnings.map((warning) => warning.code)).toContain('renamed_tool');
  });

  it('Gemini: a name must also start with a letter or _', () => {
    const gemini = convertAnthropicRequestToOpenAI({ ...request, tools: [{ name: '9lives', input_schema: schema }], tool_choice: undefined, messages: [{ role: 'user', content: 'x' }] }, makeTranslationContext('gemini'));
    expect(functionToolsOf(gemini.value)[0]!.function.name).toMatch(/^_9lives_[0-9a-f]{8}$/);
  });

  it('the non-streaming answer names the original tool; unknown names pass through', () => {
    const completion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [
        { id: 'call_1', type: 'function', function: { name: short, arguments: '{}' } },
        { id: 'call_2', type: 'function', function: { name: 'not_in_map', arguments: '{}' } },
      ] } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    } as unknown as OpenAIChatCompletion;
    const message = convertOpenAIResponseToAnthropic(completion, context, { toolNames: translated.toolNames.toClient }).value;
    expect(message.content.flatMap((block) => (block.type === 'tool_use' ? [block.name] : []))).toEqual([mcpName, 'not_in_map']);
  });

  it('the stream names the original tool', () => {
    const translator = createOpenAIToAnthropicStreamTranslator(context, { toolNames: translated.toolNames.toClient });
    const events = translator.push({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: short, arguments: '{}' } }] }, finish_reason: null }] });
    expect(events).toContainEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_1', name: mcpName, input: {} } });
  });
});
