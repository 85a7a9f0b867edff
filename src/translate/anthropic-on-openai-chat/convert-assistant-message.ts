/**
 * An Anthropic assistant turn -> one OpenAI assistant message.
 *
 * Text blocks become `content` (null when there is none), `tool_use` blocks become `tool_calls`
 * with the same ids, web search blocks become text (convert-web-search-history). Earlier provider reasoning comes back statelessly from thinking signatures
 * (see reasoning-signature.ts): only a signature minted for this very backend is restored, in the
 * field that backend wants; foreign signatures (real Anthropic ones, other backends) and
 * `redacted_thinking` are dropped and never forwarded.
 */
import type {
  AnthropicMessageParam,
  AnthropicThinkingBlock,
  AnthropicToolUseBlock,
} from '../../protocols/anthropic/types.js';
import type { OpenAIToolCall } from '../../protocols/openai/types.js';
import { decodeReasoningSignature } from '../reasoning-signature.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import { textSeparator } from './convert-content-blocks.js';
import type { ConvertedAssistantMessage } from './converted-request-types.js';
import { isWebSearchHistoryBlock, webSearchHistoryText } from './convert-web-search-history.js';

interface AssistantParts {
  texts: string[];
  toolCalls: OpenAIToolCall[];
  reasoningTexts: string[];
  reasoningDetails: unknown[];
  thoughtSignatures: Record<string, string>;
}

function toToolCall(block: AnthropicToolUseBlock): OpenAIToolCall {
  return {
    id: block.id,
    type: 'function',
    function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
  };
}

function collectThinking(
  block: AnthropicThinkingBlock,
  field: string,
  parts: AssistantParts,
  context: TranslationContext,
  warnings: TranslationWarning[],
): void {
  const carrier = decodeReasoningSignature(block.signature);
  if (carrier === undefined || carrier.backendId !== context.backendId) {
    warnings.push({
      code: 'dropped_foreign_reasoning',
      message: 'A thinking block signed by another provider or backend was dropped; its signature is never forwarded.',
      field,
    });
    return;
  }
  if (block.thinking !== '') parts.reasoningTexts.push(block.thinking);
  if (Array.isArray(carrier.reasoningDetails)) parts.reasoningDetails.push(...carrier.reasoningDetails);
  Object.assign(parts.thoughtSignatures, carrier.thoughtSignatures ?? {});
}

function collectBlocks(
  message: AnthropicMessageParam,
  index: number,
  context: TranslationContext,
  warnings: TranslationWarning[],
): AssistantParts {
  const parts: AssistantParts = { texts: [], toolCalls: [], reasoningTexts: [], reasoningDetails: [], thoughtSignatures: {} };
  if (typeof message.content === 'string') {
    parts.texts.push(message.content);
    return parts;
  }
  message.content.forEach((block, blockIndex) => {
    const field = `messages[${index}].content[${blockIndex}]`;
    // Casts rely on validate-request having checked each known block's essentials.
    if (block.type === 'text') parts.texts.push((block as { text: string }).text);
    else if (block.type === 'tool_use') parts.toolCalls.push(toToolCall(block as AnthropicToolUseBlock));
    else if (block.type === 'thinking') collectThinking(block as AnthropicThinkingBlock, field, parts, context, warnings);
    else if (isWebSearchHistoryBlock(block)) parts.texts.push(webSearchHistoryText(block, field, warnings));
    else {
      warnings.push({
        code: 'dropped_block',
        message: `A \`${block.type}\` block in an assistant turn has no OpenAI equivalent; it was dropped.`,
        field,
      });
    }
  });
  return parts;
}

function withReasoning(message: ConvertedAssistantMessage, parts: AssistantParts, context: TranslationContext): void {
  switch (context.capabilities.reasoningEcho) {
    case 'reasoning_content':
      if (parts.reasoningTexts.length > 0) message.reasoning_content = parts.reasoningTexts.join(textSeparator);
      // DeepSeek and Kimi in thinking mode reject a tool-call turn without the field ("Missing
      // `reasoning_content` field in the assistant message at message index N"), e.g. a turn made
      // by another backend before a model switch, or one whose reasoning was empty.
      else if (message.tool_calls !== undefined) message.reasoning_content = '';
      return;
    case 'reasoning_details':
      if (parts.reasoningDetails.length > 0) message.reasoning_details = parts.reasoningDetails;
      return;
    case 'thought_signature':
      for (const call of message.tool_calls ?? []) {
        const signature = parts.thoughtSignatures[call.id];
        if (signature !== undefined) call.extra_content = { google: { thought_signature: signature } };
      }
      return;
    case 'none':
      return;
  }
}

/** Undefined (with a warning) when the turn has neither text nor tool calls. */
export function convertAssistantMessage(
  message: AnthropicMessageParam,
  index: number,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedAssistantMessage | undefined {
  const parts = collectBlocks(message, index, context, warnings);
  if (parts.texts.length === 0 && parts.toolCalls.length === 0) {
    warnings.push({
      code: 'dropped_empty_message',
      message: 'An assistant turn with neither text nor tool calls was left out.',
      field: `messages[${index}]`,
    });
    return undefined;
  }
  const converted: ConvertedAssistantMessage = {
    role: 'assistant',
    content: parts.texts.length > 0 ? parts.texts.join(textSeparator) : null,
  };
  if (parts.toolCalls.length > 0) converted.tool_calls = parts.toolCalls;
  withReasoning(converted, parts, context);
  return converted;
}
