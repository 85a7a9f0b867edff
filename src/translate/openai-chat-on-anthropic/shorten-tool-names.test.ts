import { describe, expect, it } from 'vitest';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import type { AnthropicMessage } from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import { convertOpenAIRequestToAnthropic } from './convert-request.js';
import { convertAnthropicResponseToOpenAI } from './convert-response.js';
import { createAnthropicToOpenAIStreamTranslator } from './stream-translator.js';

const longName = `mcp__${'very_long_server_name_'.repeat(6)}tool`;
const parameters = { type: 'object', properties: {} };

describe('tool names Claude cannot take (dots, more than 128 characters)', () => {
  const context = createFixedTranslationContext();
  const request = {
    model: 'gpt-4o',
    tools: [
      { type: 'function', function: { name: 'files.read', parameters } },
      { type: 'function', function: { name: longName, parameters } },
      { type: 'function', function: { name: 'get_weather_for_a_city_with_a_name_longer_than_sixty_four_characters', parameters } },
    ],
    tool_choice: { type: 'function', function: { name: 'files.read' } },
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'files.read', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
    ],
  } as unknown as OpenAIChatRequest;
  const translated = convertOpenAIRequestToAnthropic(request, context);
  const dotted = translated.toolNames.toBackend.get('files.read')!;

  it('are renamed in tools, tool_choice and history; up to 128 plain characters stay', () => {
    const names = translated.value.tools!.map((tool) => tool.name);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,128}$/);
    expect(longName.length).toBeGreaterThan(128);
    expect(names).toEqual([dotted, translated.toolNames.toBackend.get(longName), 'get_weather_for_a_city_with_a_name_longer_than_sixty_four_characters']);
    expect(dotted).toMatch(/^files_read_[0-9a-f]{8}$/);
    expect(translated.value.tool_choice).toMatchObject({ type: 'tool', name: dotted });
    const assistant = translated.value.messages.find((message) => message.role === 'assistant');
    expect(assistant?.content).toMatchObject([{ type: 'tool_use', name: dotted }]);
  });

  it('legacy functions / function_call are renamed too', () => {
    const legacy = convertOpenAIRequestToAnthropic({ model: 'gpt-4o', functions: [{ name: 'files.read', parameters }], function_call: { name: 'files.read' }, messages: [{ role: 'user', content: 'x' }] } as unknown as OpenAIChatRequest, context);
    expect(legacy.value.tools?.[0]?.name).toBe(dotted);
    expect(legacy.value.tool_choice).toMatchObject({ name: dotted });
  });

  it('the answer and the stream name the original tool', () => {
    const message = {
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', stop_reason: 'tool_use', stop_sequence: null,
      content: [{ type: 'tool_use', id: 'toolu_1', name: dotted, input: {} }],
      usage: { input_tokens: 1, output_tokens: 1 },
    } as AnthropicMessage;
    const completion = convertAnthropicResponseToOpenAI(message, context, { toolNames: translated.toolNames.toClient }).value;
    expect(completion.choices[0]?.message?.tool_calls?.[0]?.function?.name).toBe('files.read');
    const translator = createAnthropicToOpenAIStreamTranslator(context, { includeUsage: false, toolNames: translated.toolNames.toClient });
    translator.push({ type: 'message_start', message: { ...message, content: [] } });
    const frames = translator.push({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: dotted, input: {} } });
    expect(JSON.stringify(frames)).toContain('"name":"files.read"');
  });
});
