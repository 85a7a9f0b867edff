import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../protocols/openai/types.js';
import { summarizeAnthropicRequest, summarizeOpenAIChatRequest } from './summarize-request.js';

const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(40_000) } } as const;

function anthropic(overrides: Partial<AnthropicMessagesRequest>): AnthropicMessagesRequest {
  return { model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...overrides };
}

describe('summarizeAnthropicRequest', () => {
  it('reads thinking, stream and the model', () => {
    expect(summarizeAnthropicRequest(anthropic({ thinking: { type: 'adaptive' }, stream: true }), 400)).toMatchObject({
      clientApi: 'anthropic-messages',
      model: 'claude-opus-4-8',
      thinking: true,
      stream: true,
      webSearch: false,
      imageInLatestTurn: false,
      estimatedInputTokens: 100,
    });
    expect(summarizeAnthropicRequest(anthropic({ thinking: { type: 'enabled', budget_tokens: 1024 } }), 4).thinking).toBe(true);
    expect(summarizeAnthropicRequest(anthropic({ thinking: { type: 'disabled' } }), 4).thinking).toBe(false);
  });

  it('sees a web search server tool', () => {
    const tools = [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }];
    expect(summarizeAnthropicRequest(anthropic({ tools }), 4).webSearch).toBe(true);
    expect(summarizeAnthropicRequest(anthropic({ tools: [{ name: 'Bash', input_schema: {} }] }), 4).webSearch).toBe(false);
  });

  it('sees an image in the latest user turn only, tool results included', () => {
    const inLatest = anthropic({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, image] }] });
    expect(summarizeAnthropicRequest(inLatest, 40_100).imageInLatestTurn).toBe(true);
    const inToolResult = anthropic({
      messages: [
        { role: 'user', content: 'look' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [image] }] },
      ],
    });
    expect(summarizeAnthropicRequest(inToolResult, 40_300).imageInLatestTurn).toBe(true);
    const earlier = anthropic({
      messages: [
        { role: 'user', content: [image] },
        { role: 'assistant', content: 'a cat' },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(summarizeAnthropicRequest(earlier, 40_200).imageInLatestTurn).toBe(false);
  });

  it('does not count inline image bytes as text tokens: a flat 1,600 per image instead', () => {
    const request = anthropic({ messages: [{ role: 'user', content: [image] }] });
    // 40,400 bytes of body, 40,000 of them the image: (400 / 4) + 1,600.
    expect(summarizeAnthropicRequest(request, 40_400).estimatedInputTokens).toBe(1_700);
  });
});

describe('summarizeOpenAIChatRequest', () => {
  it('reads reasoning_effort, images of the latest user message and web_search_options', () => {
    const request: OpenAIChatRequest = {
      model: 'gpt-4o',
      reasoning_effort: 'high',
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(8_000)}` } }] },
      ],
      web_search_options: {},
    } as OpenAIChatRequest;
    expect(summarizeOpenAIChatRequest(request, 8_400)).toMatchObject({ clientApi: 'openai-chat', thinking: true, imageInLatestTurn: true, webSearch: true });
    expect(summarizeOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'minimal' }, 40)).toMatchObject({
      thinking: false,
      imageInLatestTurn: false,
      webSearch: false,
      estimatedInputTokens: 10,
    });
  });
});
