import type { TranslationWarning } from '../types.js';
import type { ConvertedMessage, ConvertedUserMessage } from './converted-request-types.js';

/**
 * For backends that take `system` only at the start: the chat templates of many open-weights
 * models (Qwen 3.x, Gemma, Mistral) raise "System message must be at the beginning" in vLLM and
 * llama.cpp, and Claude Code sends mid-conversation system messages on every request. Each one
 * becomes a `<system-reminder>` text in the neighbouring user turn (the one before it, else the
 * one after, else a user turn of its own) — where Claude Code itself puts the same text for
 * models without the mid-conversation-system beta — so its content and position are kept.
 */
export function foldMidConversationSystemMessages(
  messages: ConvertedMessage[],
  warnings: TranslationWarning[],
): ConvertedMessage[] {
  const firstOther = messages.findIndex((message) => message.role !== 'system');
  if (firstOther === -1) return messages;
  const folded: ConvertedMessage[] = messages.slice(0, firstOther);
  const carried: string[] = [];
  let count = 0;
  for (const message of messages.slice(firstOther)) {
    if (message.role !== 'system') {
      if (message.role === 'user' && carried.length > 0) {
        folded.push(prependText(message, carried.splice(0)));
      } else {
        folded.push(message);
      }
      continue;
    }
    count++;
    const reminder = `<system-reminder>\n${message.content}\n</system-reminder>`;
    const previous = folded.at(-1);
    if (previous?.role === 'user') folded[folded.length - 1] = appendText(previous, reminder);
    else carried.push(reminder);
  }
  if (carried.length > 0) folded.push({ role: 'user', content: carried.join('\n\n') });
  if (count > 0) {
    warnings.push({
      code: 'folded_system_message',
      message: `${count} mid-conversation system message(s) sent as <system-reminder> text in the adjacent user turn (this backend takes system messages only at the start).`,
      field: 'messages',
    });
  }
  return folded;
}

function appendText(message: ConvertedUserMessage, text: string): ConvertedUserMessage {
  if (typeof message.content === 'string') return { role: 'user', content: `${message.content}\n\n${text}` };
  return { role: 'user', content: [...message.content, { type: 'text', text }] };
}

function prependText(message: ConvertedUserMessage, texts: string[]): ConvertedUserMessage {
  const text = texts.join('\n\n');
  if (typeof message.content === 'string') return { role: 'user', content: `${text}\n\n${message.content}` };
  return { role: 'user', content: [{ type: 'text', text }, ...message.content] };
}
