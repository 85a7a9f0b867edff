/**
 * The real Claude Code CLI (`claude -p`, the pinned current release, offline; scenario 9 runs the
 * older pin 2.1.197) through the proxy to a scripted mock
 * OpenAI backend on 127.0.0.1. Each scenario checks what Claude Code reports AND what the
 * backend received. Scenarios run concurrently: each has its own backend, proxy and scratch HOME.
 */
import { describe, expect, it } from 'vitest';
import {
  answer,
  bashCallDeltas,
  hasToolResult,
  isMainLoop,
  messagesOf,
  startClaudeStack,
  toolCallDeltas,
  withStack,
} from '../support/claude-cli-stack.js';
import { chatStream, readFixture, startMockOpenAIBackend, type ReceivedRequest } from '../support/mock-openai-backend.js';
import { startRecordingForwarder } from '../support/recording-forwarder.js';
import { assistantBlocksOf, claudeBinaryPinnedOld, describeRun, runClaudeCli } from '../support/run-claude-cli.js';
import { freePort } from '../support/free-port.js';

/** Bounds every claude run (hang detector); a healthy run takes 2-4 s on an idle machine. */
const runTimeoutMs = 45_000;

describe.concurrent('Claude Code CLI through the proxy', { timeout: 120_000 }, () => {
  it('1. plain answer: streamed text reaches the user; the backend gets a clean streaming request', async () => {
    const stack = await startClaudeStack((request) => answer(request, [{ role: 'assistant', content: 'Hello from ' }, { content: 'the mock backend.' }]), {
      env: { OPEN_MODEL: 'gpt-4o' },
    });
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: ['say hi'], timeoutMs: runTimeoutMs });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ type: 'result', is_error: false, result: 'Hello from the mock backend.' });

      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(1);
      const sent = main[0]!;
      expect(backend.received.every((request) => request.body.stream === true)).toBe(true); // no non-streaming fallback
      expect(sent.path).toBe('/v1/chat/completions');
      expect(sent.body.model).toBe('gpt-4o');
      expect(sent.body.stream_options).toEqual({ include_usage: true });
      expect(sent.body.max_tokens).toBe(16_384); // Claude Code asks 64000; gpt-4o allows 16384
      const tools = sent.body.tools as Array<{ type: string; function: { name: string; parameters: unknown } }>;
      expect(tools.length).toBeGreaterThan(10);
      expect(tools.every((tool) => tool.type === 'function')).toBe(true);
      expect(tools.map((tool) => tool.function.name)).toContain('Bash');
      const system = messagesOf(sent)[0]!;
      expect(system.role).toBe('system');
      expect(String(system.content)).toContain('Claude');
      expect(JSON.stringify(sent.body)).not.toContain('x-anthropic-billing-header');
      expect(sent.headers.authorization).toBe('Bearer sk-mock-backend-key-0123456789');
    });
  });

  it('2. tool round trip: Claude Code runs the Bash call and the result goes back as a tool message', async () => {
    const stack = await startClaudeStack((request) =>
      hasToolResult(request)
        ? answer(request, [{ role: 'assistant', content: 'The command printed proxy-ok-123.' }])
        : answer(request, [{ role: 'assistant', content: 'Running it.' }, ...bashCallDeltas('call_proxy_1', 'echo proxy-ok-123')], 'tool_calls'),
    { env: { OPEN_MODEL: 'gpt-4o' } });
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: ['run echo proxy-ok-123', '--allowedTools', 'Bash'], timeoutMs: runTimeoutMs });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'The command printed proxy-ok-123.', num_turns: 2 });

      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(2);
      expect(main.every((request) => request.body.stream === true)).toBe(true);
      const messages = messagesOf(main[1]!);
      const assistant = messages.find((message) => message.role === 'assistant')!;
      expect(assistant.content).toBe('Running it.');
      expect(assistant.tool_calls).toEqual([
        { id: 'call_proxy_1', type: 'function', function: { name: 'Bash', arguments: JSON.stringify({ command: 'echo proxy-ok-123', description: 'Print a marker' }) } },
      ]);
      const tool = messages.find((message) => message.role === 'tool')!;
      expect(tool.tool_call_id).toBe('call_proxy_1');
      expect(tool.content).toBe('proxy-ok-123'); // the command's output, not its text
      // The tool message directly follows the assistant turn that asked for it.
      expect(messages.indexOf(tool)).toBe(messages.indexOf(assistant) + 1);
    });
  });

  it('3. DeepSeek reasoning: shown as thinking, echoed back as reasoning_content on the tool turn, max_tokens clamped', async () => {
    const reasoning = 'The user wants the marker; I will run echo.';
    const stack = await startClaudeStack((request) =>
      hasToolResult(request)
        ? answer(request, [{ role: 'assistant', reasoning_content: 'It printed it.' }, { content: 'Done: proxy-ok-123.' }])
        : answer(request, [
            { role: 'assistant', reasoning_content: 'The user wants the marker; ' },
            { reasoning_content: 'I will run echo.' },
            ...bashCallDeltas('call_ds_1', 'echo proxy-ok-123'),
          ], 'tool_calls'),
    { env: { OPEN_MODEL: 'deepseek-chat' } });
    await withStack(stack, async ({ backend, proxy, claude }) => {
      const run = await claude({ args: ['run echo proxy-ok-123', '--allowedTools', 'Bash'], timeoutMs: runTimeoutMs, outputFormat: 'stream-json' });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'Done: proxy-ok-123.' });
      const thinking = assistantBlocksOf(run).filter((block) => block.type === 'thinking');
      expect(thinking.map((block) => block.thinking)).toEqual([reasoning, 'It printed it.']);

      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(2);
      const assistant = messagesOf(main[1]!).find((message) => message.role === 'assistant')!;
      expect(assistant.reasoning_content).toBe(reasoning);
      expect(assistant.tool_calls).toMatchObject([{ id: 'call_ds_1', function: { name: 'Bash' } }]);
      // Claude Code asks 64000 output tokens; deepseek-chat takes at most 8192, with a debug note.
      for (const request of main) expect(request.body.max_tokens).toBe(8192);
      expect(proxy.logs.some((line) => line.includes('clamped_max_tokens') && line.includes('8192'))).toBe(true);
    });
  });

  it('4. a 429 with retry-after: 1 is retried by the proxy after that second; Claude Code sees only the answer', async () => {
    const stack = await startClaudeStack((request, index) =>
      index === 0
        ? { kind: 'raw', status: 429, body: readFixture('upstream/openai-chat/openai/error-429-rate-limit-tpm.json'), headers: { 'content-type': 'application/json', 'retry-after': '1' } }
        : answer(request, [{ role: 'assistant', content: 'Answered after the rate limit.' }]),
    { env: { OPEN_MODEL: 'gpt-4o' } });
    await withStack(stack, async ({ backend, proxy, claude }) => {
      // Claude Code's own retries off: the one retry is the proxy's.
      const run = await claude({ args: ['say hi'], timeoutMs: runTimeoutMs, env: { CLAUDE_CODE_MAX_RETRIES: '0' } });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'Answered after the rate limit.' });
      expect(backend.received).toHaveLength(2);
      expect(backend.received.every((request) => request.body.stream === true)).toBe(true);
      expect(proxy.logs.some((line) => /retry 1\/2 of default in 1000 ms \(retry-after\) after HTTP 429/.test(line)), proxy.logs.join('\n')).toBe(true);
      expect(proxy.logs.some((line) => line.includes('POST /v1/messages') && / 200 /.test(line) && line.includes('retries=1'))).toBe(true);
      // retry-after: 1 was honoured: the retry came about a second after the 429.
      const gap = backend.received[1]!.receivedAt - backend.received[0]!.receivedAt;
      expect(gap).toBeGreaterThanOrEqual(900);
      expect(gap).toBeLessThan(5000);
    });
  });

  it('5. backend down: a clear error naming the backend, no hang', async () => {
    const closedPort = await freePort();
    const stack = await startClaudeStack(() => ({ kind: 'stall' }), { env: { OPEN_MODEL: 'gpt-4o' }, backendUrl: `http://127.0.0.1:${closedPort}/v1` });
    await withStack(stack, async ({ proxy, claude }) => {
      const run = await claude({ args: ['say hi'], timeoutMs: runTimeoutMs, env: { CLAUDE_CODE_MAX_RETRIES: '1' } });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).not.toBe(0);
      expect(run.json).toMatchObject({ is_error: true });
      expect(String(run.json?.result)).toContain(`127.0.0.1:${closedPort}`);
      // One attempt and one retry, each a 502 from the proxy.
      expect(proxy.logs.filter((line) => line.includes('POST /v1/messages') && / 502 /.test(line))).toHaveLength(2);
    });
  });

  it('6. a stream cut mid-way: Claude Code falls back to one non-streaming call, which wins; nothing hangs', async () => {
    let streams = 0;
    const stack = await startClaudeStack((request) => {
      const deltas = [{ role: 'assistant', content: 'partial ' }, { content: 'answer' }];
      if (request.body.stream === true && streams++ === 0) return { kind: 'cut', chunks: chatStream(deltas).slice(0, 2) };
      return answer(request, [{ role: 'assistant', content: 'complete answer' }]);
    }, { env: { OPEN_MODEL: 'gpt-4o' } });
    await withStack(stack, async ({ backend, proxy, claude }) => {
      const run = await claude({ args: ['say hi'], timeoutMs: runTimeoutMs, env: { CLAUDE_CODE_MAX_RETRIES: '2' } });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'complete answer' });
      // The proxy ended the cut stream with an error event; Claude Code then made its documented
      // non-streaming fallback call, which the proxy serves too.
      expect(backend.received.map((request) => request.body.stream)).toEqual([true, undefined]);
      const lines = proxy.logs.filter((line) => line.includes('POST /v1/messages'));
      expect(lines[0]).toMatch(/ stream 502 /);
      expect(lines[1]).toMatch(/ sync 200 /);
    });
  });

  it('6b. a cut stream with the non-streaming fallback disabled: a clear error, the partial text is not a result', async () => {
    let streams = 0;
    const stack = await startClaudeStack((request) => {
      const deltas = [{ role: 'assistant', content: 'partial ' }, { content: 'answer' }];
      if (streams++ === 0) return { kind: 'cut', chunks: chatStream(deltas).slice(0, 2) };
      return answer(request, [{ role: 'assistant', content: 'complete answer' }]);
    }, { env: { OPEN_MODEL: 'gpt-4o' } });
    await withStack(stack, async ({ backend, proxy, claude }) => {
      const run = await claude({ args: ['say hi'], timeoutMs: runTimeoutMs, env: { CLAUDE_CODE_MAX_RETRIES: '2', CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK: '1' } });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(1);
      expect(run.json).toMatchObject({ is_error: true });
      // Like a mid-stream error from Anthropic itself, Claude Code does not retry it.
      expect(String(run.json?.result)).toMatch(/^API Error: .*backend.*127\.0\.0\.1:\d+/);
      expect(String(run.json?.result)).not.toContain('partial');
      expect(backend.received).toHaveLength(1);
      expect(proxy.logs.filter((line) => line.includes('POST /v1/messages'))).toHaveLength(1);
    });
  });

  it('7. context overflow: the backend error reaches Claude Code as Anthropic\'s "prompt is too long"', async () => {
    const overflow = readFixture('upstream/openai-chat/openai/error-400-context-length-exceeded.json');
    const stack = await startClaudeStack(() => ({ kind: 'raw', status: 400, body: overflow, headers: { 'content-type': 'application/json' } }), {
      env: { OPEN_MODEL: 'gpt-4o' },
    });
    await withStack(stack, async ({ backend, proxy, claude }) => {
      const direct = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-opus-4-8', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(direct.status).toBe(400);
      expect(await direct.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 4294 tokens > 4097 maximum' } });

      const run = await claude({ args: ['say hi'], timeoutMs: runTimeoutMs });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(1);
      // Claude Code parsed the numbers out of our message: it knows this is a context overflow.
      expect(run.json).toMatchObject({ is_error: true, api_error_status: 400, terminal_reason: 'prompt_too_long' });
      expect(String(run.json?.result)).toMatch(/^Prompt is too long .*4294 tokens \(limit 4097\)/);
      expect(backend.received).toHaveLength(2); // the fetch above and Claude Code's one call: a 400 is not retried
    });
  });

  it('8. tool search: deferred tools reach the backend only once ToolSearch has loaded them, and the model can call them', async () => {
    type SentTool = { function: { name: string } };
    const toolNames = (request: { body: Record<string, unknown> }): string[] =>
      ((request.body.tools as SentTool[] | undefined) ?? []).map((tool) => tool.function.name);
    const toolMessages = (request: Parameters<typeof messagesOf>[0]) => messagesOf(request).filter((message) => message.role === 'tool');
    const stack = await startClaudeStack(
      (request) => {
        const results = toolMessages(request);
        if (results.length === 0) {
          return answer(request, toolCallDeltas('call_search_1', 'ToolSearch', { query: 'select:CronList', max_results: 5 }), 'tool_calls');
        }
        if (results.length === 1) return answer(request, toolCallDeltas('call_cron_1', 'CronList', {}), 'tool_calls');
        return answer(request, [{ role: 'assistant', content: 'No cron jobs are scheduled.' }]);
      },
      { env: { OPEN_MODEL: 'gpt-4o' } },
    );
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: ['list my cron jobs', '--allowedTools', 'ToolSearch,CronList'], timeoutMs: runTimeoutMs });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'No cron jobs are scheduled.', num_turns: 3 });

      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(3);
      // Turn 1: the deferred tools (CronList, Claude Code's "never call this" placeholder) stay out.
      expect(toolNames(main[0]!)).toContain('ToolSearch');
      expect(toolNames(main[0]!)).not.toContain('CronList');
      expect(toolNames(main[0]!)).not.toContain('DeferredToolPlaceholder');
      // Turn 2: the search result names the loaded tool, and the tool is now callable.
      expect(toolMessages(main[1]!)[0]).toMatchObject({ tool_call_id: 'call_search_1', content: expect.stringContaining('CronList') });
      expect(toolNames(main[1]!)).toContain('CronList');
      expect(toolNames(main[1]!)).not.toContain('DeferredToolPlaceholder');
      // Turn 3: Claude Code ran CronList, so its result came back.
      expect(toolMessages(main[2]!).map((message) => message.tool_call_id)).toEqual(['call_search_1', 'call_cron_1']);
    });
  });

  it('9. the older pin (Claude Code 2.1.197): the tool round trip still works', async () => {
    const stack = await startClaudeStack((request) =>
      hasToolResult(request)
        ? answer(request, [{ role: 'assistant', content: 'The command printed old-pin-ok.' }])
        : answer(request, bashCallDeltas('call_old_1', 'echo old-pin-ok'), 'tool_calls'),
    { env: { OPEN_MODEL: 'gpt-4o' } });
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: ['run echo old-pin-ok', '--allowedTools', 'Bash'], timeoutMs: runTimeoutMs, binary: claudeBinaryPinnedOld });
      expect(run.timedOut).toBe(false);
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'The command printed old-pin-ok.', num_turns: 2 });
      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(2);
      // 2.1.197 has no tool search: WebFetch is an ordinary tool and there is no ToolSearch (2.1.332 defers it).
      const sentTools = (main[0]!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
      expect(sentTools).toContain('WebFetch');
      expect(sentTools).not.toContain('ToolSearch');
      expect(messagesOf(main[1]!).find((message) => message.role === 'tool')).toMatchObject({ tool_call_id: 'call_old_1', content: 'old-pin-ok' });
    });
  });

  it('10. OPUS_MODEL=anthropic,<model>: opus requests reach the Anthropic backend as Claude Code sent them (only model and auth differ), haiku ones the OpenAI backend', async () => {
    const anthropic = await startMockOpenAIBackend((request) =>
      request.body.stream === true
        ? { kind: 'sse', chunks: anthropicTextStream('Hello from Claude.') }
        : { kind: 'json', body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-opus-4-5', content: [{ type: 'text', text: 'Hello from Claude.' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 9, output_tokens: 4 } } },
    );
    const stack = await startClaudeStack((request) => answer(request, [{ role: 'assistant', content: 'Hello from the OpenAI backend.' }]), {
      env: { OPEN_MODEL: 'gpt-4o', OPUS_MODEL: 'anthropic,claude-opus-4-5', ANTHROPIC_UPSTREAM_URL: anthropic.url, ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-upstream-key-0123456789' },
    });
    const forwarder = await startRecordingForwarder(stack.proxy.url);
    try {
      const opus = await runClaudeCli({ baseUrl: forwarder.url, args: ['say hi', '--model', 'opus'], timeoutMs: runTimeoutMs });
      expect(opus.exitCode, describeRun(opus)).toBe(0);
      expect(opus.json).toMatchObject({ is_error: false, result: 'Hello from Claude.' });
      const haiku = await runClaudeCli({ baseUrl: forwarder.url, args: ['say hi', '--model', 'haiku'], timeoutMs: runTimeoutMs });
      expect(haiku.exitCode, describeRun(haiku)).toBe(0);
      expect(haiku.json).toMatchObject({ is_error: false, result: 'Hello from the OpenAI backend.' });

      const sentByClaude = forwarder.seen.filter((request) => request.method === 'POST' && request.path.startsWith('/v1/messages'));
      const opusSent = sentByClaude.filter((request) => String(JSON.parse(request.rawBody).model).includes('opus'));
      const atAnthropic = anthropic.received.filter((request: ReceivedRequest) => request.method === 'POST');
      expect(opusSent.length).toBeGreaterThan(0);
      expect(atAnthropic).toHaveLength(opusSent.length);
      atAnthropic.forEach((received, index) => {
        const sent = opusSent[index]!;
        expect(received.path).toBe(sent.path); // /v1/messages?beta=true
        expect(received.body).toEqual({ ...JSON.parse(sent.rawBody), model: 'claude-opus-4-5' });
        // Claude Code's own headers go along; its credential does not: the backend's key replaces it.
        expect(received.headers['anthropic-beta']).toBe(sent.headers['anthropic-beta']);
        expect(received.headers['anthropic-version']).toBe(sent.headers['anthropic-version']);
        expect(received.headers['x-claude-code-session-id']).toBe(sent.headers['x-claude-code-session-id']);
        expect(received.headers['x-api-key']).toBe('sk-ant-upstream-key-0123456789');
        expect(received.headers.authorization).toBeUndefined();
      });
      // Everything else (haiku) went to the OpenAI-compatible backend, translated.
      expect(stack.backend.received.filter((request) => request.path === '/v1/chat/completions').length).toBeGreaterThan(0);
      expect(stack.backend.received.every((request) => request.body.model === 'gpt-4o')).toBe(true);
    } finally {
      await forwarder.close();
      await stack.close();
      await anthropic.close();
    }
  });
});

/** An Anthropic Messages SSE stream of one text block. */
function anthropicTextStream(text: string): string[] {
  const frame = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return [
    frame('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-opus-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 9, output_tokens: 1 } } }),
    frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
    frame('content_block_stop', { index: 0 }),
    frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 4 } }),
    frame('message_stop', {}),
  ];
}
