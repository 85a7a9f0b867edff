import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import type { AnthropicMessage, AnthropicResponseContentBlock } from '../../protocols/anthropic/types.js';
import type { OpenAIChatCompletion } from '../../protocols/openai/types.js';
import { encodeReasoningSignature, type ReasoningCarrier } from '../reasoning-signature.js';
import type { Translated, TranslationContext, TranslationWarning } from '../types.js';
import { mapOpenAIFinishReasonToAnthropic } from './map-finish-reason.js';
import { mapOpenAIUsageToAnthropic } from './map-usage.js';
import { isRecord } from '../../json/is-record.js';
import {
  plainReasoningText,
  readContentParts,
  reasoningDetailsOf,
  thinkingTextFromDetails,
  thoughtSignatureOf,
} from './read-provider-reasoning.js';
import { renameTool } from '../tool-names.js';
import { parseToolArguments } from './repair-tool-arguments.js';
import type { WebSearchRequested } from './converted-request-types.js';
import { convertWebSearchAnswer } from './convert-web-search-answer.js';

/**
 * Key under which the raw `arguments` text of a tool call is kept when it is not JSON and no
 * mechanical repair works. The tool's schema check on the client then fails with a message that
 * shows the model its own broken output, which it can correct; an empty `{}` would hide it.
 */
export const RAW_ARGUMENTS_KEY = '_raw_arguments';

type ToolUseBlock = Extract<AnthropicResponseContentBlock, { type: 'tool_use' }>;

interface ConversionState {
  context: TranslationContext;
  warnings: TranslationWarning[];
  /** Gemini thought signatures keyed by the tool_use id the client will echo back. */
  thoughtSignatures: Record<string, string>;
  /** Backend tool name -> the client's, for names the request had to rename. */
  toolNames: ReadonlyMap<string, string> | undefined;
}

function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  // llama.cpp and TGI have shipped versions that send arguments as an object.
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function toolInput(raw: string, field: string, warnings: TranslationWarning[]): unknown {
  const parsed = parseToolArguments(raw);
  if (parsed === undefined) {
    warnings.push({ code: 'invalid_tool_arguments', message: `Tool arguments are not JSON; kept under ${RAW_ARGUMENTS_KEY}.`, field });
    return { [RAW_ARGUMENTS_KEY]: raw };
  }
  if (parsed.repaired) warnings.push({ code: 'repaired_tool_arguments', message: 'Tool arguments were repaired.', field });
  return parsed.input;
}

function convertToolCall(call: unknown, field: string, state: ConversionState): ToolUseBlock | undefined {
  const fn = isRecord(call) && isRecord(call['function']) ? call['function'] : undefined;
  const name = fn?.['name'];
  if (typeof name !== 'string' || name === '') {
    state.warnings.push({ code: 'dropped_tool_call', message: 'Tool call without a function name dropped.', field });
    return undefined;
  }
  const upstreamId = isRecord(call) ? call['id'] : undefined;
  const id = typeof upstreamId === 'string' && upstreamId !== '' ? upstreamId : state.context.newId('toolu_');
  const signature = thoughtSignatureOf(call);
  if (signature !== undefined) state.thoughtSignatures[id] = signature;
  return { type: 'tool_use', id, name: renameTool(state.toolNames, name), input: toolInput(argumentsText(fn?.['arguments']), field, state.warnings) };
}

function convertToolCalls(message: Record<string, unknown>, state: ConversionState): ToolUseBlock[] {
  const blocks: ToolUseBlock[] = [];
  const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
  calls.forEach((call, i) => {
    const block = convertToolCall(call, `choices[0].message.tool_calls[${i}]`, state);
    if (block !== undefined) blocks.push(block);
  });
  // Legacy single `function_call` (pre-tools API, still sent by some local servers).
  if (blocks.length === 0 && isRecord(message['function_call'])) {
    const block = convertToolCall({ function: message['function_call'] }, 'choices[0].message.function_call', state);
    if (block !== undefined) blocks.push(block);
  }
  return blocks;
}

function readMessageText(content: unknown): { text: string; thinking: string } {
  if (typeof content === 'string') return { text: content, thinking: '' };
  if (Array.isArray(content)) return readContentParts(content);
  return { text: '', thinking: '' };
}

function thinkingBlock(text: string, details: unknown[] | undefined, state: ConversionState): AnthropicResponseContentBlock | undefined {
  const hasSignatures = Object.keys(state.thoughtSignatures).length > 0;
  if (text === '' && details === undefined && !hasSignatures) return undefined;
  const carrier: ReasoningCarrier = { backendId: state.context.backendId };
  if (details !== undefined) carrier.reasoningDetails = details;
  if (hasSignatures) carrier.thoughtSignatures = state.thoughtSignatures;
  return { type: 'thinking', thinking: text, signature: encodeReasoningSignature(carrier) };
}

function pickChoice(response: OpenAIChatCompletion, warnings: TranslationWarning[]): OpenAIChatCompletion['choices'][number] {
  const choices: unknown = response.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new UpstreamProtocolError('Upstream response has no choices.');
  }
  if (choices.length > 1) {
    warnings.push({ code: 'dropped_choices', message: `Only choice 0 of ${choices.length} is returned.`, field: 'choices' });
  }
  const choice = (choices as unknown[]).find((c) => isRecord(c) && c['index'] === 0) ?? choices[0];
  if (!isRecord(choice) || !isRecord(choice['message'])) {
    throw new UpstreamProtocolError('Upstream response choice has no message.');
  }
  return choice as unknown as OpenAIChatCompletion['choices'][number];
}

/**
 * A non-streaming Chat Completions response -> an Anthropic message. Block order follows
 * Anthropic's: thinking (carrying provider reasoning in its signature), web search (when
 * `options.webSearch`: the annotations' server_tool_use + web_search_tool_result), text (with
 * citations), refusal, tool_use. Throws `UpstreamProtocolError` when the body has no usable choice.
 */
export function convertOpenAIResponseToAnthropic(
  response: OpenAIChatCompletion,
  context: TranslationContext,
  options: { stopSequences?: string[]; toolNames?: ReadonlyMap<string, string>; webSearch?: WebSearchRequested },
): Translated<AnthropicMessage> {
  const warnings: TranslationWarning[] = [];
  const choice = pickChoice(response, warnings);
  const message = choice.message as unknown as Record<string, unknown>;
  const state: ConversionState = { context, warnings, thoughtSignatures: {}, toolNames: options.toolNames };
  const messageSignature = thoughtSignatureOf(message);
  if (messageSignature !== undefined) state.thoughtSignatures[''] = messageSignature;

  const toolUses = convertToolCalls(message, state);
  const content = readMessageText(message['content']);
  const details = reasoningDetailsOf(message);
  const thinkingText = plainReasoningText(message) ?? (details ? thinkingTextFromDetails(details) : '');
  const blocks: AnthropicResponseContentBlock[] = [];
  const thinking = thinkingBlock(thinkingText + content.thinking, details, state);
  if (thinking !== undefined) blocks.push(thinking);
  // Whitespace-only text (DeepSeek's "" or "\n\n" beside tool calls) would be rejected by
  // Anthropic when the client echoes it back, and carries nothing: no block for it.
  const answer = convertWebSearchAnswer(content.text, message['annotations'], response.usage, context, options.webSearch, warnings);
  blocks.push(...answer.blocks);
  const refusal = typeof message['refusal'] === 'string' && message['refusal'] !== '' ? message['refusal'] : undefined;
  if (refusal !== undefined) blocks.push({ type: 'text', text: refusal });
  blocks.push(...toolUses);

  const finish = mapOpenAIFinishReasonToAnthropic(choice.finish_reason, {
    hasToolUse: toolUses.length > 0,
    hasRefusal: refusal !== undefined,
    matchedStop: choice.stop_reason,
    stopSequences: options.stopSequences,
  });
  if (finish.warning) warnings.push(finish.warning);
  const usage = mapOpenAIUsageToAnthropic(response.usage);
  if (usage === undefined) warnings.push({ code: 'missing_usage', message: 'Upstream sent no usage; reporting 0 tokens.', field: 'usage' });

  return {
    value: {
      id: context.newId('msg_'),
      type: 'message',
      role: 'assistant',
      model: context.requestedModel,
      content: blocks,
      stop_reason: finish.stopReason,
      stop_sequence: finish.stopSequence,
      usage: { ...(usage ?? { input_tokens: 0, output_tokens: 0 }), ...(answer.serverToolUse && { server_tool_use: answer.serverToolUse }) },
    },
    warnings,
  };
}
