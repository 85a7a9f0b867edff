/**
 * Provider reasoning that must survive a tool round trip, carried statelessly through Claude Code
 * (inside thinking-block signatures, see src/translate/reasoning-signature.ts): the real CLI runs
 * the tool, echoes the thinking block, and the next backend request must carry the reasoning in
 * the provider's own field. The mock backends enforce the providers' rules and answer 400 like
 * the real ones when the field is missing.
 */
import { describe, expect, it } from 'vitest';
import {
  answer,
  backendKey,
  bashCallDeltas,
  hasToolResult,
  isMainLoop,
  messagesOf,
  startClaudeStack,
  withStack,
  type OpenAIMessage,
} from '../support/claude-cli-stack.js';
import type { MockReply, ReceivedRequest } from '../support/mock-openai-backend.js';
import { assistantBlocksOf, describeRun } from '../support/run-claude-cli.js';
import { decodeReasoningSignature, encodeReasoningSignature } from '../../src/translate/reasoning-signature.js';

const runTimeoutMs = 45_000;
const prompt = 'run echo proxy-ok-123';

function rejection(message: string): MockReply {
  return { kind: 'json', status: 400, body: { error: { message, type: 'invalid_request_error', code: 'invalid_request_error' } } };
}

function assistantsWithToolCalls(request: ReceivedRequest): OpenAIMessage[] {
  return messagesOf(request).filter((message) => message.role === 'assistant' && Array.isArray(message.tool_calls));
}

/** DeepSeek's thinking-mode rule: every assistant tool-call turn carries `reasoning_content`. */
function deepSeekRule(request: ReceivedRequest): MockReply | undefined {
  const index = messagesOf(request).findIndex((message) => message.role === 'assistant' && Array.isArray(message.tool_calls) && typeof message.reasoning_content !== 'string');
  return index < 0 ? undefined : rejection(`Missing \`reasoning_content\` field in the assistant message at message index ${index}.`);
}

describe.concurrent('Claude Code CLI: provider reasoning across a tool round trip', { timeout: 120_000 }, () => {
  it('Gemini 3: the tool call thought_signature comes back on the same tool call', async () => {
    const signature = 'CiQBcsjafGeminiThoughtSignature0123456789abcdef==';
    const stack = await startClaudeStack((request) => {
      if (!hasToolResult(request)) {
        return answer(request, bashCallDeltas('call_gem_1', 'echo proxy-ok-123', { extra_content: { google: { thought_signature: signature } } }), 'tool_calls');
      }
      // Gemini 3 rejects a function call without its signature.
      const call = (assistantsWithToolCalls(request)[0]?.tool_calls as Array<Record<string, unknown>> | undefined)?.[0];
      if ((call?.extra_content as { google?: { thought_signature?: string } } | undefined)?.google?.thought_signature !== signature) {
        return rejection('Function call is missing a thought_signature in functionCall parts.');
      }
      return answer(request, [{ role: 'assistant', content: 'Gemini saw proxy-ok-123.' }]);
    }, { env: { OPEN_MODEL: 'gemini-3-pro-preview' } });
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: [prompt, '--allowedTools', 'Bash'], timeoutMs: runTimeoutMs, outputFormat: 'stream-json' });
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'Gemini saw proxy-ok-123.' });
      // The signature rode in an (empty) thinking block before the tool_use.
      const blocks = assistantBlocksOf(run);
      const thinking = blocks.find((block) => block.type === 'thinking');
      expect(decodeReasoningSignature(thinking?.signature)?.thoughtSignatures).toEqual({ call_gem_1: signature });

      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(2);
      const [call] = assistantsWithToolCalls(main[1]!)[0]!.tool_calls as Array<Record<string, unknown>>;
      expect(call).toMatchObject({ id: 'call_gem_1', function: { name: 'Bash' }, extra_content: { google: { thought_signature: signature } } });
      // Gemini's OpenAPI-subset schema dialect: no $schema / additionalProperties in the tools.
      expect(JSON.stringify(main[0]!.body.tools)).not.toMatch(/\$schema|additionalProperties/);
    });
  });

  it('OpenRouter: reasoning_details go back verbatim (merged from their stream fragments)', async () => {
    const details = [
      { type: 'reasoning.text', text: 'I should run ', signature: null, format: 'anthropic-claude-v1', index: 0 },
      { type: 'reasoning.text', text: 'the command.', format: 'anthropic-claude-v1', index: 0 },
      { type: 'reasoning.text', text: '', signature: 'sig-openrouter-123', format: 'anthropic-claude-v1', index: 0 },
    ];
    const stack = await startClaudeStack((request) => {
      if (!hasToolResult(request)) {
        return answer(request, [
          { role: 'assistant', reasoning: 'I should run ', reasoning_details: [details[0]] },
          { reasoning: 'the command.', reasoning_details: [details[1]] },
          { reasoning_details: [details[2]] },
          ...bashCallDeltas('toolu_or_1', 'echo proxy-ok-123'),
        ], 'tool_calls');
      }
      return answer(request, [{ role: 'assistant', content: 'OpenRouter saw proxy-ok-123.' }]);
    }, {
      env: { OPEN_MODEL: 'anthropic/claude-sonnet-4.5' },
      // What the proxy decides from the openrouter.ai base URL, which a 127.0.0.1 mock cannot have.
      capabilityOverrides: { reasoningEcho: 'reasoning_details' },
    });
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: [prompt, '--allowedTools', 'Bash'], timeoutMs: runTimeoutMs, outputFormat: 'stream-json' });
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'OpenRouter saw proxy-ok-123.' });
      expect(assistantBlocksOf(run).find((block) => block.type === 'thinking')).toMatchObject({ thinking: 'I should run the command.' });

      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(2);
      const assistant = assistantsWithToolCalls(main[1]!)[0]!;
      expect(assistant.reasoning_details).toEqual([
        { type: 'reasoning.text', text: 'I should run the command.', signature: 'sig-openrouter-123', format: 'anthropic-claude-v1', index: 0 },
      ]);
      expect(assistant).not.toHaveProperty('reasoning_content');
    });
  });

  it('DeepSeek thinking mode: a tool call with empty reasoning still echoes reasoning_content (else DeepSeek 400s)', async () => {
    const stack = await startClaudeStack((request) => {
      const rejected = deepSeekRule(request);
      if (rejected) return rejected;
      if (!hasToolResult(request)) {
        // DeepSeek opens with an empty reasoning_content delta when it has nothing to think.
        return answer(request, [{ role: 'assistant', content: null, reasoning_content: '' }, ...bashCallDeltas('call_ds_empty', 'echo proxy-ok-123')], 'tool_calls');
      }
      return answer(request, [{ role: 'assistant', content: 'DeepSeek saw proxy-ok-123.' }]);
    }, { env: { OPEN_MODEL: 'deepseek-reasoner' } });
    await withStack(stack, async ({ backend, claude }) => {
      const run = await claude({ args: [prompt, '--allowedTools', 'Bash'], timeoutMs: runTimeoutMs });
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.json).toMatchObject({ is_error: false, result: 'DeepSeek saw proxy-ok-123.' });
      const main = backend.received.filter(isMainLoop);
      expect(main).toHaveLength(2);
      expect(assistantsWithToolCalls(main[1]!)[0]).toMatchObject({ reasoning_content: '', tool_calls: [{ id: 'call_ds_empty' }] });
      for (const request of main) expect(request.body.max_tokens).toBe(64_000);
    });
  });
});

describe('reasoning from another backend is dropped, not forwarded (through the proxy)', () => {
  it('keeps only the reasoning this backend minted', async () => {
    const stack = await startClaudeStack((request) => answer(request, [{ role: 'assistant', content: 'ok' }]), { env: { OPEN_MODEL: 'deepseek-chat' } });
    await withStack(stack, async ({ backend, proxy }) => {
      const own = encodeReasoningSignature({ backendId: `openai:${backend.url}` });
      const foreign = encodeReasoningSignature({ backendId: 'openai:https://openrouter.ai/api/v1', reasoningDetails: [{ type: 'reasoning.encrypted', data: 'FOREIGN-DATA' }] });
      const anthropicSignature = 'EqQBCkYIBxgCKkDrealAnthropicSignature';
      const turn = (id: string, thinking: string, signature: string) => [
        { role: 'assistant', content: [{ type: 'thinking', thinking, signature }, { type: 'tool_use', id, name: 'Bash', input: { command: 'true' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'done' }] },
      ];
      const response = await fetch(`${proxy.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({
          model: 'claude-opus-4-8',
          max_tokens: 64_000,
          messages: [
            { role: 'user', content: 'go' },
            ...turn('call_a', 'Foreign thoughts.', foreign),
            ...turn('call_b', 'Anthropic thoughts.', anthropicSignature),
            ...turn('call_c', 'Own thoughts.', own),
          ],
        }),
      });
      expect(response.status).toBe(200);
      const sent = backend.received[0]!;
      const assistants = messagesOf(sent).filter((message) => message.role === 'assistant');
      expect(assistants.map((message) => message.reasoning_content)).toEqual(['', '', 'Own thoughts.']);
      const wire = JSON.stringify(sent.body);
      for (const leaked of ['FOREIGN-DATA', 'Foreign thoughts.', 'Anthropic thoughts.', anthropicSignature, 'cpx1.']) expect(wire).not.toContain(leaked);
      expect(sent.body.max_tokens).toBe(8192);
      expect(sent.headers.authorization).toBe(`Bearer ${backendKey}`);
    });
  });
});
