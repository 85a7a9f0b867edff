/**
 * Responses input items -> Anthropic messages (and the system prompt). Items of one turn are
 * gathered into one message: an assistant turn is its reasoning (as thinking blocks, first),
 * text and tool calls; a user turn is its tool results (first, as Anthropic requires after
 * tool calls) and text. `system` and `developer` messages before the conversation become the
 * system prompt; later ones stay in place as Anthropic `system` messages (Claude Code's
 * mid-conversation form, which the Chat translator folds where a backend needs it).
 */
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicContentBlockParam, AnthropicMessageParam } from '../../protocols/anthropic/types.js';
import type { OpenAIContentPart } from '../../protocols/openai/types.js';
import type {
  ResponsesCustomToolCallItem,
  ResponsesFunctionCallItem,
  ResponsesInputContent,
  ResponsesInputItem,
  ResponsesMessageItem,
  ResponsesReasoningItem,
  ResponsesToolSearchCallItem,
  ResponsesToolSearchOutputItem,
} from '../../protocols/openai-responses/types.js';
import { convertUserContentPart } from '../openai-chat-on-anthropic/convert-user-content.js';
import type { TranslationWarning } from '../types.js';
import { TOOL_SEARCH_NAME, type ResponsesToolMap } from './convert-tools.js';
import { decodeRedactedThinking } from './reasoning-content.js';
import { SUMMARY_HEADING, summaryOfCompactionItem } from './compaction.js';
import { toolSearchCallBlock, toolSearchOutputBlock } from './tool-search-items.js';

export interface ConvertedInput {
  system: string[];
  messages: AnthropicMessageParam[];
}

type Blocks = AnthropicContentBlockParam[];

/** A Responses content part as the Chat part convertUserContentPart reads (the same meaning). */
function asChatPart(content: ResponsesInputContent, field: string): OpenAIContentPart | undefined {
  const part = content as Record<string, unknown> & { type: string };
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: String(part['text'] ?? '') };
    case 'refusal':
      return { type: 'text', text: String(part['refusal'] ?? '') };
    case 'input_image': {
      const url = part['image_url'];
      if (typeof url !== 'string') throw new TranslationError(`${field}: file_id images refer to OpenAI's file storage, which this backend cannot read; send image_url (a data URL or an http(s) URL).`, { param: field });
      return { type: 'image_url', image_url: { url, ...(typeof part['detail'] === 'string' ? { detail: part['detail'] } : {}) } } as OpenAIContentPart;
    }
    case 'input_file': {
      if (typeof part['file_data'] !== 'string') throw new TranslationError(`${field}: file_id and file_url refer to files this backend cannot read; send file_data (a data URL).`, { param: field });
      return { type: 'file', file: { file_data: part['file_data'], ...(typeof part['filename'] === 'string' ? { filename: part['filename'] } : {}) } } as OpenAIContentPart;
    }
    default:
      throw new TranslationError(`${field}: content part type ${part.type} is not supported on this backend.`, { param: field });
  }
}

function convertContent(content: ResponsesMessageItem['content'], field: string): Blocks {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part, index) => {
    const chat = asChatPart(part, `${field}[${index}]`);
    return (chat && convertUserContentPart(chat, `${field}[${index}]`)) ?? [];
  });
}

function textOf(content: ResponsesMessageItem['content']): string {
  if (typeof content === 'string') return content;
  return content.map((part) => String((part as Record<string, unknown>)['text'] ?? (part as Record<string, unknown>)['refusal'] ?? '')).join('');
}

function parseArguments(text: string, field: string, warnings: TranslationWarning[]): unknown {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // Falls through: the model's own malformed arguments, echoed back by the client.
  }
  warnings.push({ code: 'invalid_tool_arguments', message: 'Tool call arguments are not a JSON object; sent as {"arguments": "<the text>"}.', field });
  return { arguments: text };
}

/** The items -> system prompt + messages. */
export function convertInputItems(input: string | readonly ResponsesInputItem[], toolMap: ResponsesToolMap, warnings: TranslationWarning[]): ConvertedInput {
  const system: string[] = [];
  const messages: AnthropicMessageParam[] = [];
  if (typeof input === 'string') return { system, messages: [{ role: 'user', content: input }] };

  let current: { role: 'user' | 'assistant'; blocks: Blocks; results: Blocks } | undefined;
  const flush = () => {
    if (!current) return;
    const content = current.role === 'user' ? [...current.results, ...current.blocks] : current.blocks;
    if (content.length > 0) messages.push({ role: current.role, content });
    current = undefined;
  };
  const turn = (role: 'user' | 'assistant') => {
    if (current?.role !== role) {
      flush();
      current = { role, blocks: [], results: [] };
    }
    return current;
  };

  input.forEach((item, index) => {
    const field = `input[${index}]`;
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const message = item as ResponsesMessageItem;
        if (message.role === 'system' || message.role === 'developer') {
          const text = textOf(message.content);
          if (messages.length === 0 && current === undefined) system.push(text);
          else {
            flush();
            messages.push({ role: 'system', content: text });
          }
          return;
        }
        turn(message.role).blocks.push(...convertContent(message.content, `${field}.content`));
        return;
      }
      case 'reasoning': {
        const reasoning = item as ResponsesReasoningItem;
        const text = (reasoning.summary ?? []).map((part) => part.text).join('\n\n') || (reasoning.content ?? []).map((part) => part.text).join('\n\n');
        const signature = reasoning.encrypted_content ?? '';
        if (signature === '' && text === '') return;
        const redacted = decodeRedactedThinking(signature);
        const block: AnthropicContentBlockParam = redacted !== undefined ? { type: 'redacted_thinking', data: redacted } : { type: 'thinking', thinking: text, signature };
        const target = turn('assistant');
        // Thinking comes first in an assistant turn, in its order.
        const firstOther = target.blocks.findIndex((existing) => existing.type !== 'thinking' && existing.type !== 'redacted_thinking');
        target.blocks.splice(firstOther === -1 ? target.blocks.length : firstOther, 0, block);
        return;
      }
      case 'function_call': {
        const call = item as ResponsesFunctionCallItem;
        turn('assistant').blocks.push({ type: 'tool_use', id: call.call_id, name: toolMap.toBackend(call.name, call.namespace), input: parseArguments(call.arguments ?? '', `${field}.arguments`, warnings) });
        return;
      }
      case 'custom_tool_call': {
        const call = item as ResponsesCustomToolCallItem;
        turn('assistant').blocks.push({ type: 'tool_use', id: call.call_id, name: call.name, input: { input: call.input ?? '' } });
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = (item as { call_id: string; output: string | ResponsesInputContent[] });
        const content = typeof output.output === 'string' ? output.output : convertContent(output.output, `${field}.output`);
        turn('user').results.push({ type: 'tool_result', tool_use_id: output.call_id, content: content as string | AnthropicContentBlockParam[] });
        return;
      }
      case 'tool_search_call': {
        const block = toolSearchCallBlock(item as ResponsesToolSearchCallItem, field, warnings);
        if (block) turn('assistant').blocks.push(block);
        return;
      }
      case 'tool_search_output': {
        const loads = toolMap.toClient.get(TOOL_SEARCH_NAME)?.kind === 'tool_search';
        const block = toolSearchOutputBlock(item as ResponsesToolSearchOutputItem, field, loads, warnings);
        if (block) turn('user').results.push(block);
        return;
      }
      case 'compaction': {
        const summary = summaryOfCompactionItem(item);
        if (summary === undefined) {
          warnings.push({ code: 'dropped_message', message: 'A compaction item made by another service (its content is encrypted for it) was left out.', field });
          return;
        }
        turn('user').blocks.push({ type: 'text', text: `${SUMMARY_HEADING}\n\n${summary}` });
        return;
      }
      default:
        warnings.push({ code: 'dropped_message', message: `The input item type ${type} has no equivalent on this backend; left out.`, field });
    }
  });
  flush();
  return { system, messages };
}
