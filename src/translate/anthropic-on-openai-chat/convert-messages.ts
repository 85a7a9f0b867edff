/**
 * Anthropic `system` + `messages` -> OpenAI `messages`, in order.
 *
 * A user turn with tool results becomes the `tool` messages first (OpenAI requires them directly
 * after the assistant's tool calls), then one user message with the turn's other content and any
 * attachments of the tool results. Mid-conversation `role: "system"` messages (Claude Code's
 * mid-conversation-system beta) stay system messages at the same position where the backend
 * accepts that, and are folded into the adjacent user turn where it does not.
 */
import type { AnthropicMessageParam, AnthropicMessagesRequest, AnthropicToolResultBlock } from '../../protocols/anthropic/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import { convertAssistantMessage } from './convert-assistant-message.js';
import { convertToolResultBlock, convertUserBlockToOpenAIParts, toUserContent } from './convert-content-blocks.js';
import { convertAnthropicSystemToOpenAI, convertSystemMessageContent } from './convert-system.js';
import { foldMidConversationSystemMessages } from './fold-system-messages.js';
import { replaceUnseeableMedia } from './replace-unseeable-media.js';
import type { ConvertedMessage, ConvertedToolMessage, ConvertedUserPart } from './converted-request-types.js';

function convertUserMessage(
  message: AnthropicMessageParam,
  index: number,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const toolMessages: ConvertedToolMessage[] = [];
  const attachmentParts: ConvertedUserPart[] = [];
  const userParts: ConvertedUserPart[] = [];
  message.content.forEach((block, blockIndex) => {
    const field = `messages[${index}].content[${blockIndex}]`;
    if (block.type === 'tool_result') {
      const result = convertToolResultBlock(block as AnthropicToolResultBlock, field, context, warnings);
      toolMessages.push(result.message);
      attachmentParts.push(...result.followUpParts);
    } else {
      userParts.push(...convertUserBlockToOpenAIParts(block, field, context, warnings));
    }
  });
  const parts = [...attachmentParts, ...userParts];
  if (parts.length === 0) return toolMessages;
  return [...toolMessages, { role: 'user', content: toUserContent(parts) }];
}

function convertMidConversationSystem(
  message: AnthropicMessageParam,
  index: number,
  warnings: TranslationWarning[],
): ConvertedMessage[] {
  const content = convertSystemMessageContent(message.content, `messages[${index}].content`, warnings);
  return content === undefined ? [] : [{ role: 'system', content }];
}

function convertMessage(
  message: AnthropicMessageParam,
  index: number,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedMessage[] {
  switch (message.role) {
    case 'user':
      return convertUserMessage(message, index, context, warnings);
    case 'assistant': {
      const converted = convertAssistantMessage(message, index, context, warnings);
      return converted === undefined ? [] : [converted];
    }
    case 'system':
      return convertMidConversationSystem(message, index, warnings);
    default:
      warnings.push({
        code: 'dropped_message',
        message: `A message with role "${String(message.role)}" has no OpenAI equivalent; it was dropped.`,
        field: `messages[${index}]`,
      });
      return [];
  }
}

/** The full OpenAI message list: the system prompt first, then every turn in order. */
export function convertAnthropicMessagesToOpenAI(
  request: Pick<AnthropicMessagesRequest, 'system' | 'messages'>,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedMessage[] {
  const system = convertAnthropicSystemToOpenAI(request.system, warnings);
  const converted: ConvertedMessage[] = system === undefined ? [] : [{ role: 'system', content: system }];
  // Images/PDFs of earlier turns that the model cannot take become placeholders (see that file).
  replaceUnseeableMedia(request.messages, context, warnings).forEach((message, index) => {
    converted.push(...convertMessage(message, index, context, warnings));
  });
  return context.capabilities.midConversationSystem ? converted : foldMidConversationSystemMessages(converted, warnings);
}
