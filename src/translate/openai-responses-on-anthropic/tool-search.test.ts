/**
 * Codex's client-executed tool search (test/fixtures/clients/codex/NOTES.md, "Tool search"): the
 * captured request after a search (04-tool-search-output-request.json) to Claude and through the
 * Chat step, and the model's call of `tool_search` back as a `tool_search_call` item.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../protocols/anthropic/types.js';
import type { ResponsesInputItem, ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { validateResponsesEvents } from '../../../test/support/responses-stream-validator.js';
import { convertAnthropicRequestToOpenAI } from '../anthropic-on-openai-chat/convert-request.js';
import { convertResponsesRequestToAnthropic } from './convert-request.js';
import { convertAnthropicMessageToResponse } from './convert-response.js';
import { createAnthropicToResponsesStreamTranslator } from './stream-translator.js';

const capture = (JSON.parse(readFileSync(new URL('../../../test/fixtures/clients/codex/04-tool-search-output-request.json', import.meta.url), 'utf8')) as { body: ResponsesRequest }).body;
const context = createFixedTranslationContext();
const agentTools = ['multi_agent_v1__spawn_agent', 'multi_agent_v1__resume_agent', 'multi_agent_v1__close_agent', 'multi_agent_v1__wait_agent', 'multi_agent_v1__send_input'];
const input = capture.input as ResponsesInputItem[];
/** The same turn before the search: the call and its output not yet in the history. */
const beforeSearch: ResponsesRequest = { ...capture, input: input.filter((item) => item.type !== 'tool_search_call' && item.type !== 'tool_search_output') };

describe('the request after a tool search, to Claude', () => {
  const { value, warnings } = convertResponsesRequestToAnthropic(capture, context, 'claude');
  const { request } = value;

  it('declares tool_search with Codex\'s schema and the tools the search loaded as deferred', () => {
    const search = request.tools?.find((tool) => tool.name === 'tool_search');
    expect(search).toMatchObject({ input_schema: { required: ['query'] } });
    expect(String(search?.description)).toContain('Tool discovery');
    const deferred = (request.tools ?? []).filter((tool) => tool.defer_loading === true).map((tool) => tool.name);
    expect(deferred).toEqual(agentTools);
    expect(value.toolMap.toClient.get('multi_agent_v1__spawn_agent')).toEqual({ kind: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' });
    expect(warnings.filter((warning) => warning.field?.startsWith('tools[') && warning.code === 'dropped_tool').map((warning) => warning.message)).toEqual([expect.stringContaining('web_search')]);
  });

  it('turns the call into a tool_search call and its output into tool_reference blocks, in Anthropic order', () => {
    const last = request.messages.slice(-2);
    expect(last).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_ts1', name: 'tool_search', input: { query: 'spawn a sub agent', limit: 8 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_ts1', content: agentTools.map((name) => ({ type: 'tool_reference', tool_name: name })) }] },
    ]);
    expect(warnings.filter((warning) => warning.code === 'dropped_message')).toEqual([]);
  });
});

describe('the same on a Chat backend (the middle step, then select-deferred-tools)', () => {
  const chat = (request: ResponsesRequest) => {
    const first = convertResponsesRequestToAnthropic(request, context, 'intermediate').value.request;
    return convertAnthropicRequestToOpenAI({ ...first, max_tokens: 1000 }, makeTranslationContext('openai')).value;
  };
  const functionNames = (request: ReturnType<typeof chat>) => (request.tools ?? []).flatMap((tool) => ('function' in tool ? [tool.function.name] : []));

  it('sends the loaded tools once the search loaded them, and tool_search as a function before', () => {
    expect(functionNames(chat(beforeSearch))).toContain('tool_search');
    expect(functionNames(chat(beforeSearch)).filter((name) => name.startsWith('multi_agent_v1__'))).toEqual([]);
    const after = chat(capture);
    expect(functionNames(after).filter((name) => name.startsWith('multi_agent_v1__'))).toEqual(agentTools);
    const result = after.messages.find((message) => message.role === 'tool');
    expect(result).toMatchObject({ role: 'tool', tool_call_id: 'call_ts1' });
    expect(String(result?.content)).toContain('multi_agent_v1__spawn_agent');
  });
});

describe("the model's call of tool_search", () => {
  const { toolMap } = convertResponsesRequestToAnthropic(beforeSearch, context, 'claude').value;
  const events: AnthropicStreamEvent[] = [
    { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', model: 'claude', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_s1', name: 'tool_search', input: {} } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query": "spawn' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: ' agent", "limit": 8}' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } },
    { type: 'message_stop' },
  ];

  it('streams as a tool_search_call item (added, then done with the arguments), in the strict grammar', () => {
    const translator = createAnthropicToResponsesStreamTranslator(createFixedTranslationContext(), { model: 'gpt-5.5' }, toolMap);
    const out = events.flatMap((event) => translator.push(event));
    expect(validateResponsesEvents(out, 'strict').items.map((item) => item.type)).toEqual(['tool_search_call']);
    expect(out.map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.output_item.done', 'response.completed']);
    expect(translator.final?.output).toEqual([{ type: 'tool_search_call', id: 'tsc_1', call_id: 'toolu_s1', execution: 'client', arguments: { query: 'spawn agent', limit: 8 }, status: 'completed' }]);
  });

  it('is the same item in a whole answer', () => {
    const { value } = convertAnthropicMessageToResponse(
      { id: 'm', type: 'message', role: 'assistant', model: 'claude', stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 5, output_tokens: 12 }, content: [{ type: 'tool_use', id: 'toolu_s1', name: 'tool_search', input: { query: 'q' } }] },
      createFixedTranslationContext(),
      { model: 'gpt-5.5' },
      toolMap,
    );
    expect(value.output).toEqual([{ type: 'tool_search_call', id: 'tsc_1', call_id: 'toolu_s1', execution: 'client', arguments: { query: 'q' }, status: 'completed' }]);
  });
});

describe('a search in the history of a request without tool search (Codex\'s own compaction sends tools: [])', () => {
  it('tells the result as text and declares no deferred tool, which nothing could load', () => {
    const { value } = convertResponsesRequestToAnthropic({ ...capture, tools: [] }, context, 'claude');
    expect(value.request.tools).toBeUndefined();
    expect(value.request.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'call_ts1', content: [{ type: 'text', text: `Tool search result: these tools are now loaded and can be called: ${agentTools.join(', ')}.` }] }],
    });
  });
});

describe('tool search the proxy cannot serve', () => {
  it('leaves a server-run search (tool and items) out with warnings, never a 4xx', () => {
    const { value, warnings } = convertResponsesRequestToAnthropic({
      model: 'm',
      tools: [{ type: 'tool_search' }],
      input: [
        { role: 'user', content: 'find a tool' },
        { type: 'tool_search_call', call_id: 'ts1', execution: 'server', arguments: { paths: ['crm'] }, status: 'completed' },
        { type: 'tool_search_output', call_id: 'ts1', execution: 'server', tools: [{ type: 'function', name: 'crm_lookup', parameters: { type: 'object' } }], status: 'completed' },
        { type: 'tool_search_call', execution: 'client', arguments: {} },
      ],
    }, context);
    expect(value.request.tools).toBeUndefined();
    expect(value.request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'find a tool' }] }]);
    expect(warnings.map((warning) => [warning.code, warning.field])).toEqual([
      ['dropped_tool', 'tools[0]'],
      ['dropped_message', 'input[1]'],
      ['dropped_message', 'input[2]'],
      ['dropped_tool_call', 'input[3]'],
    ]);
  });
});
