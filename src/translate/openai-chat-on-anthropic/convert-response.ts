import type { AnthropicMessage, AnthropicResponseContentBlock } from '../../protocols/anthropic/types.js';
import type { OpenAIChatCompletion, OpenAIResponseMessage, OpenAIToolCall } from '../../protocols/openai/types.js';
import type { Translated, TranslationContext, TranslationWarning } from '../types.js';
import { mapAnthropicStopReasonToOpenAI, mapAnthropicUsageToOpenAI } from './map-anthropic-stop-reason.js';
import { renameTool } from '../tool-names.js';

interface CollectedContent {
  /** Name of the forced JSON-answer tool of this request, whose input is the answer text. */
  jsonOutputTool: string | undefined;
  /** Backend tool name -> the client's, for names the request had to rename. */
  toolNames: ReadonlyMap<string, string> | undefined;
  texts: string[];
  reasoning: string[];
  toolCalls: OpenAIToolCall[];
}

function collectBlock(block: AnthropicResponseContentBlock, index: number, into: CollectedContent, warnings: TranslationWarning[]): void {
  switch (block.type) {
    case 'text':
      into.texts.push(block.text);
      return;
    case 'thinking':
      into.reasoning.push(block.thinking);
      return;
    case 'redacted_thinking':
      warnings.push({ code: 'dropped_block', message: 'redacted_thinking has no OpenAI equivalent; dropped.', field: `content[${index}]` });
      return;
    case 'tool_use':
      if (block.name === into.jsonOutputTool) {
        into.texts.push(JSON.stringify(block.input ?? {}));
        return;
      }
      into.toolCalls.push({ id: block.id, type: 'function', function: { name: renameTool(into.toolNames, block.name), arguments: JSON.stringify(block.input ?? {}) } });
      return;
    case 'server_tool_use':
    case 'web_search_tool_result':
      // This direction never asks Claude for web search (the request drops web_search_options).
      warnings.push({ code: 'dropped_block', message: `${block.type} has no OpenAI equivalent; dropped.`, field: `content[${index}]` });
      return;
    default:
      collectUnknownBlock(block, index, warnings);
  }
}

/** Server-tool results, citations-only blocks, ...: nothing an OpenAI client can show. */
function collectUnknownBlock(block: never, index: number, warnings: TranslationWarning[]): void {
  const type: unknown = (block as { type?: unknown }).type;
  warnings.push({ code: 'dropped_block', message: `Content block of type ${String(type)} has no OpenAI equivalent; dropped.`, field: `content[${index}]` });
}

function buildMessage(content: CollectedContent): OpenAIResponseMessage {
  // OpenAI sends `content: null` when the assistant only called tools / said nothing.
  const message: OpenAIResponseMessage = {
    role: 'assistant',
    content: content.texts.length > 0 ? content.texts.join('') : null,
    refusal: null,
  };
  // `reasoning_content` is the field LibreChat, Open WebUI and the DeepSeek convention read.
  if (content.reasoning.length > 0) message.reasoning_content = content.reasoning.join('');
  if (content.toolCalls.length > 0) message.tool_calls = content.toolCalls;
  return message;
}

/**
 * Anthropic non-streaming Message -> OpenAI chat completion. Text blocks are joined (exactly as a
 * stream would concatenate them), tool_use becomes tool_calls with the Anthropic ids kept so the
 * client's tool results pair up on the next turn, thinking becomes `reasoning_content`. A call of
 * `options.jsonOutputTool` (JSON mode through a forced tool) becomes the text of the answer.
 */
export function convertAnthropicResponseToOpenAI(
  message: AnthropicMessage,
  context: TranslationContext,
  options: { jsonOutputTool?: string; toolNames?: ReadonlyMap<string, string> } = {},
): Translated<OpenAIChatCompletion> {
  const warnings: TranslationWarning[] = [];
  const content: CollectedContent = { jsonOutputTool: options.jsonOutputTool, toolNames: options.toolNames, texts: [], reasoning: [], toolCalls: [] };
  message.content.forEach((block, index) => collectBlock(block, index, content, warnings));
  const mapped = mapAnthropicStopReasonToOpenAI(message.stop_reason);
  const { known } = mapped;
  // The forced JSON-answer tool is the answer, not a call for the client to run.
  const answeredByTool = options.jsonOutputTool !== undefined && content.toolCalls.length === 0;
  const finishReason = mapped.finishReason === 'tool_calls' && answeredByTool ? 'stop' : mapped.finishReason;
  const usage: unknown = message.usage;
  if (typeof usage !== 'object' || usage === null) {
    warnings.push({ code: 'missing_usage', message: 'The Anthropic backend sent no usage; reporting 0 tokens.', field: 'usage' });
  }
  if (!known) {
    warnings.push({ code: 'unknown_stop_reason', message: `Unknown stop_reason ${String(message.stop_reason)}; reported as stop.`, field: 'stop_reason' });
  }
  return {
    value: {
      id: context.newId('chatcmpl-'),
      object: 'chat.completion',
      created: context.now(),
      model: context.requestedModel,
      choices: [{ index: 0, message: buildMessage(content), finish_reason: finishReason, logprobs: null }],
      usage: mapAnthropicUsageToOpenAI(typeof usage === 'object' && usage !== null ? usage : {}),
    },
    warnings,
  };
}
