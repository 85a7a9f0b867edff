import { describe, expect, it } from 'vitest';
import type { TranslationWarning } from '../types.js';
import type { ConvertedMessage } from './converted-request-types.js';
import { foldMidConversationSystemMessages } from './fold-system-messages.js';

const fold = (messages: ConvertedMessage[]) => {
  const warnings: TranslationWarning[] = [];
  return { messages: foldMidConversationSystemMessages(messages, warnings), warnings };
};

describe('foldMidConversationSystemMessages', () => {
  it("moves Claude Code's user, system, assistant order into the user turn before it", () => {
    const { messages, warnings } = fold([
      { role: 'system', content: 'You are Claude Code.' },
      { role: 'user', content: 'run echo' },
      { role: 'system', content: 'Available agent types: ...' },
      { role: 'assistant', content: 'ok' },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'You are Claude Code.' },
      { role: 'user', content: 'run echo\n\n<system-reminder>\nAvailable agent types: ...\n</system-reminder>' },
      { role: 'assistant', content: 'ok' },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['folded_system_message']);
  });

  it('after an assistant turn, prepends to the next user turn (parts kept)', () => {
    const { messages } = fold([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'system', content: 'note' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] },
    ]);
    expect(messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'text', text: '<system-reminder>\nnote\n</system-reminder>' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }],
    });
    expect(messages.filter((message) => message.role === 'system')).toEqual([]);
  });

  it('at the very end, becomes a user turn of its own; leading system messages stay', () => {
    const { messages } = fold([
      { role: 'system', content: 'lead' },
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'system', content: 'tail' },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'lead' },
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: '<system-reminder>\ntail\n</system-reminder>' },
    ]);
  });

  it('changes nothing and warns nothing without mid-conversation system messages', () => {
    const input: ConvertedMessage[] = [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }];
    const { messages, warnings } = fold(input);
    expect(messages).toEqual(input);
    expect(warnings).toEqual([]);
  });
});
