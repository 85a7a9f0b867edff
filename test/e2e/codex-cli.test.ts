/**
 * The real Codex CLI (`codex exec`, pinned dev dependency `@openai/codex`) through the proxy's
 * POST /v1/responses, on a mock Chat Completions backend and on a mock Anthropic backend: a plain
 * answer, an exec_command round trip (Codex really runs the command in its sandbox), and the
 * backend's reasoning carried back on the next request. A recording hop between Codex and the
 * proxy keeps what Codex sent and every Responses stream it got, which the strict grammar
 * validator checks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answer, toolCallDeltas } from '../support/claude-cli-stack.js';
import { chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockScript, type ReceivedRequest } from '../support/mock-openai-backend.js';
import { startRecordingForwarder, type RecordingForwarder } from '../support/recording-forwarder.js';
import { validateResponsesSse, type ValidatedResponsesStream } from '../support/responses-stream-validator.js';
import { codexClientKey, completedItemsOf, describeCodexRun, runCodexSession, type CodexRun, type CodexRunOptions } from '../support/run-codex-cli.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Generous for a 1-2 s run on a loaded machine; the runner kills Codex by PID past it. */
const codexTimeoutMs = 60_000;
const testTimeoutMs = codexTimeoutMs + 15_000;

interface CodexStack {
  backend: MockOpenAIBackend;
  proxy: TestProxy;
  hop: RecordingForwarder;
  /** Runs `codex exec` with this model; fails the test with Codex's output and the proxy's log if it did not exit 0. */
  codex(model: string, prompt: string, options?: Partial<CodexRunOptions>): Promise<CodexRun>;
  /** One `codex exec` per prompt, each resuming the session of the one before. */
  codexSession(model: string, prompts: string[]): Promise<CodexRun[]>;
  /** Every Responses stream the proxy sent Codex, checked by the strict validator. */
  streamsToCodex(): ValidatedResponsesStream[];
  /** The bodies Codex POSTed to /v1/responses. */
  codexRequests(): Array<Record<string, unknown>>;
}

/** Mock backend → proxy (debug log) → recording hop → Codex. `anthropic` puts the mock behind ANTHROPIC_UPSTREAM_URL. */
async function codexStack(script: MockScript, options: { anthropic?: boolean; env?: Record<string, string> } = {}): Promise<CodexStack> {
  const backend = await startMockOpenAIBackend(script);
  cleanups.push(() => backend.close());
  const backendEnv = options.anthropic
    ? { OPEN_AI_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_UPSTREAM_URL: backend.url, ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-upstream-0123456789' }
    : { OPEN_AI_URL: backend.url, API_KEY: 'sk-mock-backend-key-0123456789' };
  const proxy = await startTestProxy({ LOG_LEVEL: 'debug', ...backendEnv, ...options.env });
  cleanups.push(() => proxy.close(100));
  const hop = await startRecordingForwarder(proxy.url);
  cleanups.push(() => hop.close());
  const responsesCalls = () => hop.seen.filter((request) => request.method === 'POST' && request.path === '/v1/responses');
  const codexSession = async (model: string, prompts: string[], options: Partial<CodexRunOptions> = {}) => {
    const runs = await runCodexSession({ baseUrl: hop.url, model, prompts, timeoutMs: codexTimeoutMs, ...options });
    const failed = runs.find((run) => run.exitCode !== 0);
    if (failed) throw new Error(`codex failed: ${describeCodexRun(failed)}\nproxy log:\n${proxy.logs.join('\n').slice(-4000)}`);
    return runs;
  };
  return {
    backend,
    proxy,
    hop,
    codex: async (model, prompt, options) => (await codexSession(model, [prompt], options))[0]!,
    codexSession: (model, prompts) => codexSession(model, prompts),
    streamsToCodex: () =>
      responsesCalls().map((request, index) => {
        expect(request.answer, `answer ${index} to Codex`).toMatchObject({ status: 200, headers: { 'content-type': expect.stringContaining('text/event-stream') } });
        return validateResponsesSse(request.answer!.body, 'strict');
      }),
    codexRequests: () => responsesCalls().map((request) => JSON.parse(request.rawBody) as Record<string, unknown>),
  };
}

type Json = Record<string, unknown>;

/** Codex's shell tool, as its 0.169 tool list declares it (test/fixtures/clients/codex/02-tool-turn1-request.json). */
const shellCall = { name: 'exec_command', input: { cmd: 'echo proxy-ok' } };

function chatMessagesOf(request: ReceivedRequest): Json[] {
  return (request.body.messages as Json[] | undefined) ?? [];
}

/** Checks what Codex did with the exec_command call and what it sent back, whichever backend answered. */
function expectShellRoundTrip(stack: CodexStack, run: CodexRun, finalText: string): void {
  const commands = completedItemsOf(run).filter((item) => item.type === 'command_execution');
  expect(commands, describeCodexRun(run)).toHaveLength(1);
  expect(commands[0]).toMatchObject({ command: expect.stringContaining('echo proxy-ok'), exit_code: 0, aggregated_output: expect.stringContaining('proxy-ok') });
  expect(run.lastMessage?.trim()).toBe(finalText);
  const [first, second, ...more] = stack.codexRequests();
  expect(more).toEqual([]);
  expect(first!.tools).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'function', name: 'exec_command' })]));
  const input = second!.input as Json[];
  const call = input.find((item) => item.type === 'function_call')!;
  expect(call).toMatchObject({ name: 'exec_command', arguments: JSON.stringify(shellCall.input) });
  const output = input.find((item) => item.type === 'function_call_output')!;
  expect(output).toMatchObject({ call_id: call.call_id, output: expect.stringContaining('proxy-ok') });
  const streams = stack.streamsToCodex();
  expect(streams.map((stream) => stream.status)).toEqual(['completed', 'completed']);
  expect(streams[0]!.items.filter((item) => item.type === 'function_call')).toEqual([
    { type: 'function_call', id: expect.any(String), name: 'exec_command', text: JSON.stringify(shellCall.input) },
  ]);
  expect(streams[1]!.items.filter((item) => item.type === 'message').map((item) => item.text)).toEqual([finalText]);
}

describe('codex exec on a Chat Completions backend', () => {
  it('prints the backend answer; the stream it got is in the strict grammar', async () => {
    const stack = await codexStack((request) => answer(request, [{ role: 'assistant', content: 'Hello ' }, { content: 'from the mock.' }]));
    const run = await stack.codex('chat-model', 'say hi');
    expect(completedItemsOf(run).filter((item) => item.type === 'agent_message')).toEqual([{ id: expect.any(String), type: 'agent_message', text: 'Hello from the mock.' }]);
    expect(run.lastMessage?.trim()).toBe('Hello from the mock.');
    expect(run.events.at(-1)).toMatchObject({ type: 'turn.completed', usage: { input_tokens: 11, output_tokens: 7 } });
    expect(stack.streamsToCodex()).toMatchObject([{ status: 'completed', items: [{ type: 'message', text: 'Hello from the mock.' }] }]);
    const sent = stack.backend.received;
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe('/v1/chat/completions');
    expect(sent[0]!.body).toMatchObject({ model: 'chat-model', stream: true });
    const messages = chatMessagesOf(sent[0]!);
    expect(messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('Codex CLI') });
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('say hi') });
    expect(stack.hop.seen[0]!.headers.authorization).toBe(`Bearer ${codexClientKey}`);
  }, testTimeoutMs);

  it('runs an exec_command call in Codex and sends its output back as a tool message', async () => {
    const stack = await codexStack((request) => {
      if (chatMessagesOf(request).some((message) => message.role === 'tool')) return answer(request, [{ role: 'assistant', content: 'The command printed proxy-ok.' }]);
      return answer(request, [{ role: 'assistant' }, ...toolCallDeltas('call_shell_1', shellCall.name, shellCall.input)], 'tool_calls');
    });
    const run = await stack.codex('chat-model', 'run echo proxy-ok');
    expectShellRoundTrip(stack, run, 'The command printed proxy-ok.');
    const [first, second] = stack.backend.received;
    expect((first!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toContain('exec_command');
    const messages = chatMessagesOf(second!);
    const assistant = messages.find((message) => message.role === 'assistant')!;
    expect(assistant).toMatchObject({ tool_calls: [{ id: 'call_shell_1', function: { name: 'exec_command', arguments: JSON.stringify(shellCall.input) } }] });
    expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_shell_1', content: expect.stringContaining('proxy-ok') });
  }, testTimeoutMs);

  it("carries the backend's reasoning_content back on the next request (reasoningEcho)", async () => {
    const stack = await codexStack(
      (request) => {
        if (chatMessagesOf(request).some((message) => message.role === 'tool')) return answer(request, [{ role: 'assistant', reasoning_content: 'It worked.' }, { content: 'Done.' }]);
        return answer(request, [{ role: 'assistant', reasoning_content: 'Run the echo first.' }, ...toolCallDeltas('call_shell_2', shellCall.name, shellCall.input)], 'tool_calls');
      },
      { env: { MODEL_CAPABILITIES: JSON.stringify({ 'chat-model': { reasoningEcho: 'reasoning_content' } }) } },
    );
    const run = await stack.codex('chat-model', 'run echo proxy-ok');
    expect(completedItemsOf(run).filter((item) => item.type === 'reasoning').map((item) => item.text)).toEqual(['Run the echo first.', 'It worked.']);
    expectShellRoundTrip(stack, run, 'Done.');
    // Codex sent the reasoning item back with its encrypted_content, the proxy's carrier.
    const reasoning = (stack.codexRequests()[1]!.input as Json[]).find((item) => item.type === 'reasoning')!;
    expect(reasoning).toMatchObject({ summary: [{ type: 'summary_text', text: 'Run the echo first.' }], encrypted_content: expect.any(String) });
    const assistant = chatMessagesOf(stack.backend.received[1]!).find((message) => message.role === 'assistant')!;
    expect(assistant).toMatchObject({ reasoning_content: 'Run the echo first.', tool_calls: [{ id: 'call_shell_2' }] });
  }, testTimeoutMs);

  it('applies a patch with the custom apply_patch tool (a model Codex knows, a workspace-write sandbox)', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hello from the proxy\n*** End Patch\n';
    const stack = await codexStack((request) => {
      if (chatMessagesOf(request).some((message) => message.role === 'tool')) return answer(request, [{ role: 'assistant', content: 'Patched.' }]);
      return answer(request, [{ role: 'assistant' }, ...toolCallDeltas('call_patch_1', 'apply_patch', { input: patch })], 'tool_calls');
    });
    // Codex sends apply_patch as a freeform `custom` tool only for models it knows.
    const run = await stack.codex('gpt-5.5', 'add hello.txt', { sandbox: 'workspace-write' });
    expect(run.workFiles['hello.txt']).toBe('hello from the proxy\n');
    expect(completedItemsOf(run).filter((item) => item.type === 'file_change')).toMatchObject([{ status: 'completed', changes: [{ kind: 'add', path: expect.stringMatching(/hello\.txt$/) }] }]);
    expect(run.lastMessage?.trim()).toBe('Patched.');
    const [first, second] = stack.codexRequests();
    expect(first!.tools).toContainEqual(expect.objectContaining({ type: 'custom', name: 'apply_patch' }));
    const sentTool = (stack.backend.received[0]!.body.tools as Array<{ function: Json }>).find((tool) => tool.function.name === 'apply_patch')!;
    expect(sentTool.function.parameters).toMatchObject({ type: 'object', properties: { input: { type: 'string' } }, required: ['input'] });
    const input = second!.input as Json[];
    expect(input.find((item) => item.type === 'custom_tool_call')).toMatchObject({ name: 'apply_patch', call_id: 'call_patch_1', input: patch });
    expect(input.find((item) => item.type === 'custom_tool_call_output')).toMatchObject({ call_id: 'call_patch_1', output: expect.stringContaining('A hello.txt') });
    expect(stack.streamsToCodex().map((stream) => stream.items.map((item) => [item.type, item.text]))).toEqual([[['custom_tool_call', patch]], [['message', 'Patched.']]]);
    const messages = chatMessagesOf(stack.backend.received[1]!);
    expect(messages.find((message) => message.role === 'assistant')).toMatchObject({ tool_calls: [{ id: 'call_patch_1', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }] });
    expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_patch_1', content: expect.stringContaining('A hello.txt') });
  }, testTimeoutMs);

  it('carries reasoning_content to the next user turn of a resumed session', async () => {
    const stack = await codexStack(
      (request) => {
        const turn = chatMessagesOf(request).filter((message) => message.role === 'assistant').length + 1;
        return answer(request, [{ role: 'assistant', reasoning_content: `Thought ${turn}.` }, { content: `Answer ${turn}.` }]);
      },
      { env: { MODEL_CAPABILITIES: JSON.stringify({ 'chat-model': { reasoningEcho: 'reasoning_content' } }) } },
    );
    const runs = await stack.codexSession('chat-model', ['first question', 'second question']);
    expect(runs.map((run) => run.lastMessage?.trim())).toEqual(['Answer 1.', 'Answer 2.']);
    expect(runs[1]!.events[0]).toEqual({ type: 'thread.started', thread_id: runs[0]!.events[0]!.thread_id });
    expect(stack.streamsToCodex().map((stream) => stream.items.map((item) => item.text))).toEqual([['Thought 1.', 'Answer 1.'], ['Thought 2.', 'Answer 2.']]);
    const messages = chatMessagesOf(stack.backend.received[1]!);
    expect(messages.slice(-3)).toEqual([
      { role: 'user', content: expect.stringContaining('first question') },
      { role: 'assistant', content: 'Answer 1.', reasoning_content: 'Thought 1.' },
      { role: 'user', content: expect.stringContaining('second question') },
    ]);
  }, testTimeoutMs);

  it('dispatches a call of a namespaced tool (multi_agent_v1__close_agent) to the handler Codex has for it', async () => {
    const stack = await codexStack((request) => {
      if (chatMessagesOf(request).some((message) => message.role === 'tool')) return answer(request, [{ role: 'assistant', content: 'No such agent.' }]);
      return answer(request, [{ role: 'assistant' }, ...toolCallDeltas('call_agent_1', 'multi_agent_v1__close_agent', { target: 'agent-nope' })], 'tool_calls');
    });
    const run = await stack.codex('chat-model', 'close agent-nope');
    expect(run.lastMessage?.trim()).toBe('No such agent.');
    const input = stack.codexRequests()[1]!.input as Json[];
    expect(input.find((item) => item.type === 'function_call')).toMatchObject({ name: 'close_agent', namespace: 'multi_agent_v1', call_id: 'call_agent_1' });
    // Codex's close_agent itself answered (it cannot parse the id); a name it did not know would be "unsupported call".
    const output = input.find((item) => item.type === 'function_call_output')!;
    expect(output.output).toContain('invalid agent id agent-nope');
    expect(chatMessagesOf(stack.backend.received[1]!).at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_agent_1', content: expect.stringContaining('invalid agent id agent-nope') });
  }, testTimeoutMs);

  it('searches its deferred tools when asked (tool_search, a model Codex knows), then calls a tool the search loaded', async () => {
    const stack = await codexStack((request) => {
      const tools = chatMessagesOf(request).filter((message) => message.role === 'tool');
      if (tools.length === 2) return answer(request, [{ role: 'assistant', content: 'No such agent.' }]);
      if (tools.length === 1) return answer(request, [{ role: 'assistant' }, ...toolCallDeltas('call_agent_2', 'multi_agent_v1__close_agent', { target: 'agent-nope' })], 'tool_calls');
      return answer(request, [{ role: 'assistant' }, ...toolCallDeltas('call_search_1', 'tool_search', { query: 'close a sub agent', limit: 8 })], 'tool_calls');
    });
    const run = await stack.codex('gpt-5.5', 'close agent-nope');
    expect(run.lastMessage?.trim()).toBe('No such agent.');
    const [first, second, third] = stack.codexRequests();
    expect(first!.tools).toContainEqual(expect.objectContaining({ type: 'tool_search', execution: 'client' }));
    expect(stack.streamsToCodex()[0]!.items.map((item) => item.type)).toEqual(['tool_search_call']);
    const afterSearch = second!.input as Json[];
    expect(afterSearch.find((item) => item.type === 'tool_search_call')).toMatchObject({ call_id: 'call_search_1', execution: 'client', arguments: { query: 'close a sub agent', limit: 8 } });
    expect(afterSearch.find((item) => item.type === 'tool_search_output')).toMatchObject({ call_id: 'call_search_1', tools: [expect.objectContaining({ type: 'namespace', name: 'multi_agent_v1' })] });
    const loaded = (stack.backend.received[1]!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
    expect(loaded).toContain('multi_agent_v1__close_agent');
    expect((stack.backend.received[0]!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).not.toContain('multi_agent_v1__close_agent');
    // The loaded tool's call reached the handler Codex has for it.
    expect((third!.input as Json[]).find((item) => item.type === 'function_call_output' && item.call_id === 'call_agent_2')).toMatchObject({ output: expect.stringContaining('invalid agent id agent-nope') });
  }, testTimeoutMs);

  it("compacts a long session by itself: its summary prompt through /v1/responses, never /v1/responses/compact", async () => {
    const lastUserText = (request: ReceivedRequest) => JSON.stringify(chatMessagesOf(request).filter((message) => message.role === 'user').at(-1)?.content);
    const stack = await codexStack((request) => {
      if (lastUserText(request).includes('CONTEXT CHECKPOINT COMPACTION')) return answer(request, [{ role: 'assistant', content: 'SUMMARY-7: the user said one.' }]);
      if (lastUserText(request).includes('second question')) return answer(request, [{ role: 'assistant', content: 'Answer 2.' }]);
      // Usage near the fallback context window (258,400 tokens): the next turn starts with a compaction.
      return { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'Answer 1.' }], 'stop', { prompt_tokens: 250_000, completion_tokens: 10, total_tokens: 250_010 }) };
    });
    const runs = await stack.codexSession('chat-model', ['first question', 'second question']);
    expect(runs.map((run) => run.lastMessage?.trim())).toEqual(['Answer 1.', 'Answer 2.']);
    expect(stack.hop.seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/responses', 'POST /v1/responses', 'POST /v1/responses']);
    const [, compaction, resumed] = stack.codexRequests();
    expect(compaction!.tools).toEqual([]);
    expect(JSON.stringify((compaction!.input as Json[]).at(-1))).toContain('CONTEXT CHECKPOINT COMPACTION');
    // The compacted history: the summary as a user message instead of the earlier answer.
    const resumedInput = JSON.stringify(resumed!.input);
    expect(resumedInput).toContain('SUMMARY-7: the user said one.');
    expect(resumedInput).not.toContain('Answer 1.');
    expect(stack.streamsToCodex().map((stream) => stream.items.map((item) => item.text))).toEqual([['Answer 1.'], ['SUMMARY-7: the user said one.'], ['Answer 2.']]);
    expect(stack.backend.received[1]!.body.tools).toBeUndefined();
  }, testTimeoutMs);
});

/** SSE frames of an Anthropic Messages stream made of these content blocks. */
function anthropicStream(blocks: Json[], stopReason: 'end_turn' | 'tool_use'): string[] {
  const frame = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const frames = [
    frame('message_start', {
      message: { id: 'msg_mock', type: 'message', role: 'assistant', model: 'claude-sonnet-5-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 30, cache_read_input_tokens: 10, output_tokens: 1 } },
    }),
  ];
  blocks.forEach((block, index) => {
    if (block.type === 'thinking') {
      frames.push(frame('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      frames.push(frame('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking } }));
      frames.push(frame('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } }));
    } else if (block.type === 'tool_use') {
      frames.push(frame('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      frames.push(frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }));
    } else {
      frames.push(frame('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      frames.push(frame('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } }));
    }
    frames.push(frame('content_block_stop', { index }));
  });
  frames.push(frame('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 12 } }));
  frames.push(frame('message_stop', {}));
  return frames;
}

type AnthropicMessage = { role: string; content: string | Json[] };

function anthropicMessagesOf(request: ReceivedRequest): AnthropicMessage[] {
  return (request.body.messages as AnthropicMessage[] | undefined) ?? [];
}

function hasToolResult(request: ReceivedRequest): boolean {
  return anthropicMessagesOf(request).some((message) => Array.isArray(message.content) && message.content.some((block) => block.type === 'tool_result'));
}

const claudeModel = 'anthropic,claude-sonnet-5-5';

describe('codex exec on an Anthropic backend', () => {
  it("prints Claude's answer; the stream it got is in the strict grammar", async () => {
    const stack = await codexStack(() => ({ kind: 'sse', chunks: anthropicStream([{ type: 'text', text: 'Hi from Claude.' }], 'end_turn') }), { anthropic: true });
    const run = await stack.codex(claudeModel, 'say hi');
    expect(run.lastMessage?.trim()).toBe('Hi from Claude.');
    expect(run.events.at(-1)).toMatchObject({ type: 'turn.completed', usage: { input_tokens: 40, cached_input_tokens: 10, output_tokens: 12 } });
    expect(stack.streamsToCodex()).toMatchObject([{ status: 'completed', items: [{ type: 'message', text: 'Hi from Claude.' }] }]);
    const sent = stack.backend.received;
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe('/v1/messages');
    expect(sent[0]!.headers['x-api-key']).toBe('sk-ant-upstream-0123456789');
    expect(sent[0]!.body).toMatchObject({ model: 'claude-sonnet-5-5', stream: true, system: expect.anything() });
    expect(JSON.stringify(sent[0]!.body.system)).toContain('Codex CLI');
  }, testTimeoutMs);

  it('runs a tool_use of exec_command in Codex and sends its output back as a tool_result', async () => {
    const stack = await codexStack(
      (request) =>
        hasToolResult(request)
          ? { kind: 'sse', chunks: anthropicStream([{ type: 'text', text: 'Claude saw proxy-ok.' }], 'end_turn') }
          : { kind: 'sse', chunks: anthropicStream([{ type: 'tool_use', id: 'toolu_shell_1', ...shellCall }], 'tool_use') },
      { anthropic: true },
    );
    const run = await stack.codex(claudeModel, 'run echo proxy-ok');
    expectShellRoundTrip(stack, run, 'Claude saw proxy-ok.');
    const messages = anthropicMessagesOf(stack.backend.received[1]!);
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_shell_1', name: 'exec_command', input: shellCall.input }] });
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_shell_1' }] });
    expect(JSON.stringify(messages.at(-1))).toContain('proxy-ok');
  }, testTimeoutMs);

  it("echoes Claude's thinking with its signature on the next request", async () => {
    const thinking = { type: 'thinking', thinking: 'I should run the echo.', signature: 'sig-claude-abc123' };
    const stack = await codexStack(
      (request) =>
        hasToolResult(request)
          ? { kind: 'sse', chunks: anthropicStream([{ type: 'text', text: 'Done.' }], 'end_turn') }
          : { kind: 'sse', chunks: anthropicStream([thinking, { type: 'tool_use', id: 'toolu_shell_2', ...shellCall }], 'tool_use') },
      { anthropic: true },
    );
    const run = await stack.codex(claudeModel, 'run echo proxy-ok');
    expect(completedItemsOf(run).filter((item) => item.type === 'reasoning').map((item) => item.text)).toEqual(['I should run the echo.']);
    expectShellRoundTrip(stack, run, 'Done.');
    const assistant = anthropicMessagesOf(stack.backend.received[1]!).at(-2)!;
    expect(assistant).toEqual({ role: 'assistant', content: [thinking, { type: 'tool_use', id: 'toolu_shell_2', name: 'exec_command', input: shellCall.input }] });
  }, testTimeoutMs);

  it("sends the image Codex's view_image returns to Claude inside the tool_result", async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    const stack = await codexStack(
      (request) =>
        hasToolResult(request)
          ? { kind: 'sse', chunks: anthropicStream([{ type: 'text', text: 'A tiny image.' }], 'end_turn') }
          : { kind: 'sse', chunks: anthropicStream([{ type: 'tool_use', id: 'toolu_image_1', name: 'view_image', input: { path: 'dot.png' } }], 'tool_use') },
      { anthropic: true },
    );
    const run = await stack.codex(claudeModel, 'look at dot.png', { files: { 'dot.png': png } });
    expect(run.lastMessage?.trim()).toBe('A tiny image.');
    const output = (stack.codexRequests()[1]!.input as Json[]).find((item) => item.type === 'function_call_output')!;
    expect(output).toMatchObject({ call_id: 'toolu_image_1', output: [{ type: 'input_image', image_url: `data:image/png;base64,${png.toString('base64')}` }] });
    expect(anthropicMessagesOf(stack.backend.received[1]!).at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_image_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') } }] }],
    });
    expect(stack.streamsToCodex().map((stream) => stream.status)).toEqual(['completed', 'completed']);
  }, testTimeoutMs);
});
