import { describe, expect, it } from 'vitest';
import { countOpenAIRequestTokens, tokensPerImage } from './count-tokens.js';

describe('countOpenAIRequestTokens', () => {
  const hello = { model: 'm', messages: [{ role: 'user' as const, content: 'hello world' }] };

  it('counts text plus the cookbook overheads', () => {
    // "hello world" is 2 o200k tokens; 3 per message, 3 reply priming.
    expect(countOpenAIRequestTokens(hello)).toBe(8);
  });

  it('grows with tools, tool calls and images', () => {
    const withTool = {
      ...hello,
      tools: [{ type: 'function' as const, function: { name: 'Bash', description: 'Run a shell command', parameters: { type: 'object', properties: { command: { type: 'string' } } } } }],
    };
    expect(countOpenAIRequestTokens(withTool)).toBeGreaterThan(countOpenAIRequestTokens(hello) + 15);
    const withImage = { model: 'm', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello world' }, { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } }] }] };
    expect(countOpenAIRequestTokens(withImage)).toBe(8 + tokensPerImage);
    const withCall = {
      model: 'm',
      messages: [{ role: 'assistant' as const, content: null, tool_calls: [{ id: 'c', type: 'function' as const, function: { name: 'Bash', arguments: '{"command":"ls -la"}' } }] }],
    };
    expect(countOpenAIRequestTokens(withCall)).toBeGreaterThan(15);
  });

  it('counts special-token text as plain text instead of throwing', () => {
    expect(countOpenAIRequestTokens({ model: 'm', messages: [{ role: 'user', content: 'a <|endoftext|> b' }] })).toBeGreaterThan(8);
  });
});
