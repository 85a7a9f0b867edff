import { describe, expect, it } from 'vitest';
import { makeTranslationContext } from '../../../test/support/anthropic-to-openai-contexts.js';
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicMessageParam, AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import { convertAnthropicRequestToOpenAI } from './convert-request.js';

const png = { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo=' };
const pdf = { type: 'base64' as const, media_type: 'application/pdf', data: 'JVBERi0=' };
const placeholder = '[image omitted: the backend model "deepseek-chat" cannot see images]';
const callTurn: AnthropicMessageParam = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'shot.png' } }] };
const screenshotResult: AnthropicMessageParam = {
  role: 'user',
  content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'shot.png' }, { type: 'image', source: png }] }],
};

function translate(messages: AnthropicMessageParam[], shape: 'deepseek' | 'openai' = 'deepseek') {
  const request: AnthropicMessagesRequest = { model: 'claude-sonnet-4-5', max_tokens: 100, messages };
  return convertAnthropicRequestToOpenAI(request, makeTranslationContext(shape));
}

describe('images and PDFs a model cannot take', () => {
  it('an image in an earlier user turn becomes a placeholder with a warning', () => {
    const { value, warnings } = translate([
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', source: png }] },
      { role: 'assistant', content: 'I see a cat.' },
      { role: 'user', content: 'and now?' },
    ]);
    expect(value.messages[0]).toEqual({ role: 'user', content: `look\n\n${placeholder}` });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'image_placeholder', field: 'messages[0].content[1]' }));
  });

  it('a screenshot in a tool result of an earlier turn, and of the latest turn, becomes a placeholder', () => {
    const later = [callTurn, screenshotResult, { role: 'assistant' as const, content: 'done' }, { role: 'user' as const, content: 'next' }];
    const { value } = translate(later);
    expect(value.messages[1]).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: `shot.png\n\n${placeholder}` });

    const now = translate([{ role: 'user', content: 'take a screenshot' }, callTurn, screenshotResult]);
    expect(now.value.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: `shot.png\n\n${placeholder}` });
    expect(now.warnings.map((warning) => warning.code)).toContain('image_placeholder');
  });

  it('an image the user put into the latest turn is still a clear 400 naming the model', () => {
    const messages: AnthropicMessageParam[] = [
      { role: 'user', content: [{ type: 'image', source: png }] },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'text', text: 'and this one?' }, { type: 'image', source: png }] },
    ];
    expect(() => translate(messages)).toThrow(TranslationError);
    expect(() => translate(messages)).toThrow(/"deepseek-chat" does not accept images/);
  });

  it('PDFs follow the same rule: placeholder in history, 400 in the latest turn', () => {
    const document = { type: 'document' as const, source: pdf, title: 'spec.pdf' };
    const { value, warnings } = translate([
      { role: 'user', content: [document, { type: 'text', text: 'summarize' }] },
      { role: 'assistant', content: 'It is a spec.' },
      { role: 'user', content: 'thanks' },
    ]);
    expect(value.messages[0]).toEqual({
      role: 'user',
      content: '[PDF document omitted: the backend model "deepseek-chat" cannot read PDF documents]\n\nsummarize',
    });
    expect(warnings.map((warning) => warning.code)).toContain('document_placeholder');
    expect(() => translate([{ role: 'user', content: [document] }])).toThrow(/does not accept PDF/);
  });

  it('a vision model gets every image unchanged, and no warning', () => {
    const { value, warnings } = translate([callTurn, screenshotResult], 'openai');
    expect(JSON.stringify(value.messages)).toContain('data:image/png;base64,iVBORw0KGgo=');
    expect(warnings.map((warning) => warning.code)).not.toContain('image_placeholder');
  });
});
