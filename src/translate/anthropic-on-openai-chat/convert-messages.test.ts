import { describe, expect, it } from 'vitest';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { checkOpenAIChatRequest } from '../../../test/support/openai-request-checker.js';
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicMessageParam, AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import { encodeReasoningSignature } from '../reasoning-signature.js';
import type { TranslationWarning } from '../types.js';
import { convertAnthropicMessagesToOpenAI } from './convert-messages.js';

const png = { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo=' };

function convert(
  request: Pick<AnthropicMessagesRequest, 'system' | 'messages'>,
  context = makeTranslationContext('openai'),
): { messages: ReturnType<typeof convertAnthropicMessagesToOpenAI>; warnings: TranslationWarning[] } {
  const warnings: TranslationWarning[] = [];
  const messages = convertAnthropicMessagesToOpenAI(request, context, warnings);
  return { messages, warnings };
}

const callTurn: AnthropicMessageParam = {
  role: 'assistant',
  content: [
    { type: 'text', text: 'Reading both.' },
    { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' } },
    { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { path: 'b' } },
  ],
};

describe('system prompt', () => {
  it('joins text blocks, strips the Claude Code billing header and warns', () => {
    const { messages, warnings } = convert({
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197.c40; cc_entrypoint=sdk-cli;' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Be brief.' },
      ],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(messages[0]).toEqual({ role: 'system', content: 'You are Claude Code.\n\nBe brief.' });
    expect(warnings.map((warning) => warning.code)).toContain('removed_billing_header');
  });

  it('removes the billing header line from a string system prompt', () => {
    const { messages } = convert({
      system: 'x-anthropic-billing-header: cc_version=1; cc_entrypoint=cli;\nStay on task.',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(messages[0]).toEqual({ role: 'system', content: 'Stay on task.' });
  });

  it('keeps mid-conversation system messages at their position', () => {
    const { messages } = convert({
      messages: [
        { role: 'user', content: 'run echo' },
        { role: 'system', content: 'Agent types: ...' },
        { role: 'assistant', content: 'ok' },
        { role: 'system', content: [{ type: 'text', text: 'Reminder A' }, { type: 'text', text: 'Reminder B' }] },
      ],
    });
    expect(messages.map((message) => message.role)).toEqual(['user', 'system', 'assistant', 'system']);
    expect(messages[1]).toEqual({ role: 'system', content: 'Agent types: ...' });
    expect(messages[3]).toEqual({ role: 'system', content: 'Reminder A\n\nReminder B' });
  });
});

describe('user turns', () => {
  it('sends text-only content as one string', () => {
    const { messages } = convert({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] });
    expect(messages).toEqual([{ role: 'user', content: 'a\n\nb' }]);
  });

  it('maps base64 and URL images to image_url parts', () => {
    const { messages } = convert({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image', source: png }, { type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }],
    });
    expect(messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'see' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://x/y.png' } },
      ],
    });
  });

  it('refuses images for a model without vision, naming the model', () => {
    const request = { messages: [{ role: 'user' as const, content: [{ type: 'image' as const, source: png }] }] };
    expect(() => convert(request, makeTranslationContext('deepseek'))).toThrow(TranslationError);
    expect(() => convert(request, makeTranslationContext('deepseek'))).toThrow(/deepseek-chat/);
  });

  it('maps a base64 PDF to a file part, and refuses it without PDF support', () => {
    const pdf: AnthropicMessageParam = {
      role: 'user',
      content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'spec.pdf' }],
    };
    expect(convert({ messages: [pdf] }).messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } }],
    });
    expect(() => convert({ messages: [pdf] }, makeTranslationContext('gemini'))).toThrow(/PDF/);
  });

  it('turns a text document into text with its title, and refuses a URL document', () => {
    const { messages } = convert({
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'body' }, title: 'Notes' }] }],
    });
    expect(messages[0]).toEqual({ role: 'user', content: 'Notes\n\nbody' });
    const urlDocument: AnthropicMessageParam = { role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://x/a.pdf' } }] };
    expect(() => convert({ messages: [urlDocument] })).toThrow(TranslationError);
  });

  it('drops unknown blocks with a warning instead of failing', () => {
    const { messages, warnings } = convert({
      messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x' }, { type: 'text', text: 'kept' }] }],
    });
    expect(messages).toEqual([{ role: 'user', content: 'kept' }]);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped_block', field: 'messages[0].content[0]' }));
  });
});

describe('tool round trips', () => {
  it('maps tool_use to tool_calls with the same ids and text as content', () => {
    const { messages } = convert({ messages: [{ role: 'user', content: 'go' }, callTurn] });
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: 'Reading both.',
      tool_calls: [
        { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a"}' } },
        { id: 'toolu_2', type: 'function', function: { name: 'Read', arguments: '{"path":"b"}' } },
      ],
    });
  });

  it('uses null content for an assistant turn with only tool calls', () => {
    const { messages } = convert({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'X', input: {} }] }] });
    expect(messages[0]).toMatchObject({ role: 'assistant', content: null });
  });

  it('emits tool messages before the text that shares the user turn', () => {
    const { messages } = convert({
      messages: [
        { role: 'user', content: 'go' },
        callTurn,
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Also, hurry.' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'B1' }, { type: 'text', text: 'B2' }] },
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'A' },
          ],
        },
      ],
    });
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_2', content: 'B1\n\nB2' },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'A' },
      { role: 'user', content: 'Also, hurry.' },
    ]);
    expect(checkOpenAIChatRequest({ model: 'm', messages })).toEqual([]);
  });

  it('keeps an error result visible with an Error: prefix', () => {
    const { messages } = convert({
      messages: [callTurn, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'denied', is_error: true }] }],
    });
    expect(messages[1]).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: 'Error: denied' });
  });

  it('moves images of a tool result into a following user message', () => {
    const { messages } = convert({
      messages: [
        callTurn,
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'screenshot' }, { type: 'image', source: png }] },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'plain' },
            { type: 'text', text: 'What do you see?' },
          ],
        },
      ],
    });
    expect(messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_1', content: 'screenshot\n\n[1 attachment(s) of this result follow in the next user message]' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'plain' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachment(s) from the result of tool call toolu_1:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'text', text: 'What do you see?' },
        ],
      },
    ]);
  });

  it('gives an empty tool result an empty string', () => {
    const { messages } = convert({ messages: [callTurn, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] }] });
    expect(messages[1]).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: '' });
  });
});

describe('reasoning from earlier turns', () => {
  function thinkingTurn(signature: string): AnthropicMessageParam {
    return {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me check.', signature },
        { type: 'tool_use', id: 'call_1', name: 'Read', input: {} },
      ],
    };
  }

  it('restores reasoning_content for its own backend', () => {
    const context = makeTranslationContext('deepseek');
    const { messages } = convert({ messages: [thinkingTurn(encodeReasoningSignature({ backendId: context.backendId }))] }, context);
    expect(messages[0]).toMatchObject({ role: 'assistant', reasoning_content: 'Let me check.' });
  });

  it('restores reasoning_details for OpenRouter', () => {
    const context = makeTranslationContext('openrouter');
    const details = [{ type: 'reasoning.encrypted', data: 'abc' }];
    const signature = encodeReasoningSignature({ backendId: context.backendId, reasoningDetails: details });
    const { messages } = convert({ messages: [thinkingTurn(signature)] }, context);
    expect(messages[0]).toMatchObject({ reasoning_details: details });
    expect(messages[0]).not.toHaveProperty('reasoning_content');
  });

  it('restores Gemini thought signatures onto their tool calls', () => {
    const context = makeTranslationContext('gemini');
    const signature = encodeReasoningSignature({ backendId: context.backendId, thoughtSignatures: { call_1: 'sig-A' } });
    const { messages } = convert({ messages: [thinkingTurn(signature)] }, context);
    expect(messages[0]).toMatchObject({ tool_calls: [{ id: 'call_1', extra_content: { google: { thought_signature: 'sig-A' } } }] });
  });

  it('drops foreign signatures and redacted thinking, never forwarding them', () => {
    const context = makeTranslationContext('deepseek');
    const otherBackend = encodeReasoningSignature({ backendId: 'openai:https://other.example/v1' });
    for (const signature of ['EqQBCkYIBxgCKkD-real-anthropic-signature', otherBackend]) {
      const { messages, warnings } = convert({ messages: [thinkingTurn(signature)] }, context);
      expect(messages[0]).not.toMatchObject({ reasoning_content: 'Let me check.' });
      expect(JSON.stringify(messages)).not.toContain(signature);
      expect(warnings.map((warning) => warning.code)).toContain('dropped_foreign_reasoning');
    }
    const redacted = convert({ messages: [{ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'secret' }, { type: 'text', text: 'hi' }] }] }, context);
    expect(redacted.messages).toEqual([{ role: 'assistant', content: 'hi' }]);
    expect(redacted.warnings.map((warning) => warning.code)).toContain('dropped_block');
  });

  it('gives a DeepSeek tool-call turn without own reasoning an empty reasoning_content (required in thinking mode)', () => {
    const context = makeTranslationContext('deepseek');
    const foreign = encodeReasoningSignature({ backendId: 'openai:https://other.example/v1' });
    const { messages } = convert({
      messages: [
        { role: 'user', content: 'q' },
        thinkingTurn(foreign),
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'ok' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_2', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_2', content: 'ok' }] },
        { role: 'assistant', content: 'Plain answer.' },
      ],
    }, context);
    const assistants = messages.filter((message) => message.role === 'assistant');
    expect(assistants.map((message) => (message as { reasoning_content?: string }).reasoning_content)).toEqual(['', '', undefined]);
    // Backends without reasoning_content echo get no such field.
    const openai = convert({ messages: [thinkingTurn(foreign)] }, makeTranslationContext('openai'));
    expect(openai.messages[0]).not.toHaveProperty('reasoning_content');
  });

  it('leaves out an assistant turn that had only thinking', () => {
    const { messages, warnings } = convert({
      messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'x' }] }],
    });
    expect(messages).toEqual([{ role: 'user', content: 'q' }]);
    expect(warnings.map((warning) => warning.code)).toContain('dropped_empty_message');
  });
});
