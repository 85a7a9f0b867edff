import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

/** An Anthropic answer that calls the forced json_output tool, as Claude does under tool_choice. */
const toolAnswer = (input: unknown) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-3-5-haiku-20241022',
  content: [{ type: 'tool_use', id: 'toolu_1', name: 'json_output', input }],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 9 },
});

/** The same answer as an Anthropic event stream, the input split across two deltas. */
function toolAnswerStream(json: string): string[] {
  const frame = (event: Record<string, unknown>) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
  const half = Math.floor(json.length / 2);
  return [
    frame({ type: 'message_start', message: { ...toolAnswer({}), content: [], stop_reason: null, usage: { input_tokens: 20, output_tokens: 1 } } }),
    frame({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'json_output', input: {} } }),
    frame({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(0, half) } }),
    frame({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(half) } }),
    frame({ type: 'content_block_stop', index: 0 }),
    frame({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } }),
    frame({ type: 'message_stop' }),
  ];
}

let anthropic: MockOpenAIBackend;
let proxy: TestProxy;
let client: OpenAI;

beforeAll(async () => {
  anthropic = await startMockOpenAIBackend((request) =>
    request.body.stream ? { kind: 'sse', chunks: toolAnswerStream('{"name":"Ada","born":1815}') } : { kind: 'json', body: toolAnswer({ name: 'Ada', born: 1815 }) },
  );
  proxy = await startTestProxy({ ANTHROPIC_UPSTREAM_URL: anthropic.url.replace(/\/v1$/, ''), ANTHROPIC_UPSTREAM_API_KEY: 'k', CLAUDE_MODEL: 'claude-3-5-haiku-20241022' });
  client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'k', maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close(100);
  await anthropic.close();
});

describe('JSON mode through a forced tool (json_object, or json_schema on models without native structured output)', () => {
  it('json_object: the answer arrives as JSON content with finish_reason stop', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Who wrote the first program?' }], response_format: { type: 'json_object' } });
    expect(JSON.parse(completion.choices[0]!.message.content ?? '')).toEqual({ name: 'Ada', born: 1815 });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const sent = anthropic.received.at(-1)!.body;
    expect(sent.tool_choice).toEqual({ type: 'tool', name: 'json_output' });
    expect(sent.output_config).toBeUndefined();
  });

  it('json_schema on claude-3-5 (no native structured output), streamed: content deltas, no tool calls', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, born: { type: 'integer' } }, required: ['name', 'born'], additionalProperties: false };
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      stream: true,
      messages: [{ role: 'user', content: 'Who wrote the first program?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema } },
    });
    let content = '';
    let finish: string | null | undefined;
    let toolCalls = 0;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      toolCalls += chunk.choices[0]?.delta.tool_calls?.length ?? 0;
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(JSON.parse(content)).toEqual({ name: 'Ada', born: 1815 });
    expect(toolCalls).toBe(0);
    expect(finish).toBe('stop');
    const sent = anthropic.received.at(-1)!.body as { tools: Array<{ name: string; input_schema: unknown }> };
    expect(sent.tools).toEqual([expect.objectContaining({ name: 'json_output', input_schema: schema })]);
  });
});
