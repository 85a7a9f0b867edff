import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockReply, type ReceivedRequest } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const mcpName = 'mcp__claude_ai_Atlassian_Rovo__getConfluencePageFooterComments_with_long_suffix_abc';
const functionName = /^[a-zA-Z0-9_-]{1,64}$/;

let backend: MockOpenAIBackend;
let proxy: TestProxy;
let client: Anthropic;

/** An OpenAI-style backend: a name outside the pattern fails the whole request, as OpenAI does. */
function strictBackend(request: ReceivedRequest): MockReply {
  const tools = (request.body.tools ?? []) as Array<{ function: { name: string } }>;
  const bad = tools.findIndex((tool) => !functionName.test(tool.function.name));
  if (bad >= 0) {
    return { kind: 'json', status: 400, body: { error: { message: `Invalid 'tools[${bad}].function.name': string does not match pattern.`, type: 'invalid_request_error', param: `tools[${bad}].function.name` } } };
  }
  const name = tools.find((tool) => tool.function.name.startsWith('mcp__'))!.function.name;
  const call = { id: 'call_1', type: 'function', function: { name, arguments: '{"pageId":"42"}' } };
  if (request.body.stream) return { kind: 'sse', chunks: chatStream([{ role: 'assistant', tool_calls: [{ index: 0, ...call }] }], 'tool_calls') };
  return { kind: 'json', body: chatCompletion({ content: null, tool_calls: [call] }, 'tool_calls') };
}

beforeAll(async () => {
  backend = await startMockOpenAIBackend(strictBackend);
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'strict-model' });
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'k', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

const params = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  tools: [
    { name: mcpName, description: 'footer comments', input_schema: { type: 'object' as const, properties: { pageId: { type: 'string' } } } },
    { name: 'Read', input_schema: { type: 'object' as const, properties: {} } },
  ],
  messages: [{ role: 'user' as const, content: 'comments of page 42?' }],
};

describe('a Claude Code MCP tool name longer than an OpenAI backend takes', () => {
  it('reaches the backend shortened and comes back under its original name (non-streaming)', async () => {
    const message = await client.messages.create(params);
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_1', name: mcpName, input: { pageId: '42' } }]);
    const sent = (backend.received.at(-1)!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
    expect(sent[0]).toMatch(functionName);
    expect(sent[1]).toBe('Read');
  });

  it('and in a stream', async () => {
    const message = await client.messages.stream(params).finalMessage();
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_1', name: mcpName, input: { pageId: '42' } }]);
  });

  it('the next turn (the call in history) is renamed the same way', async () => {
    await client.messages.create({
      ...params,
      messages: [
        ...params.messages,
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: mcpName, input: { pageId: '42' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'none' }] },
      ],
    });
    const body = backend.received.at(-1)!.body as { tools: Array<{ function: { name: string } }>; messages: Array<{ tool_calls?: Array<{ function: { name: string } }> }> };
    const historyName = body.messages.flatMap((message) => message.tool_calls ?? [])[0]?.function.name;
    expect(historyName).toBe(body.tools[0]!.function.name);
  });
});
