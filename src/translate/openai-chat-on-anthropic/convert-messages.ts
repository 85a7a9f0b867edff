import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicContentBlockParam, AnthropicMessageParam, AnthropicTextBlock } from '../../protocols/anthropic/types.js';
import type {
  OpenAIAssistantMessage,
  OpenAIFunctionMessage,
  OpenAIMessage,
  OpenAISystemMessage,
  OpenAIToolCall,
  OpenAIToolMessage,
} from '../../protocols/openai/types.js';
import type { TranslationWarning } from '../types.js';
import { convertUserContent } from './convert-user-content.js';
import { toAnthropicToolId } from './map-tool-id.js';

type Role = 'user' | 'assistant';
type Turn = { role: Role; content: AnthropicContentBlockParam[] };

interface State {
  system: AnthropicTextBlock[];
  turns: Turn[];
  /** A user/assistant/tool message was seen: later system messages are "mid-conversation". */
  conversationStarted: boolean;
  /** Synthesized id of the last legacy `function_call` not yet answered by a `function` message. */
  pendingFunctionCallId: string | undefined;
  warnings: TranslationWarning[];
}

/** Placeholder for a conversation that opens with the assistant (see convertOpenAIMessages). */
export const leadingUserPlaceholder = '(continued)';

/**
 * Anthropic needs strictly alternating turns: consecutive same-role messages (several user
 * messages, tool results followed by the next user message) become one turn, order kept.
 */
function append(state: State, role: Role, content: AnthropicContentBlockParam[]): void {
  const last = state.turns.at(-1);
  if (last?.role === role) last.content.push(...content);
  else state.turns.push({ role, content: [...content] });
}

function textOf(content: string | Array<{ type: string; text?: string; refusal?: string }> | null | undefined): string[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [content];
  // Refusal parts are what the assistant said; keep them as text rather than lose them.
  return content.flatMap((part) => part.text ?? part.refusal ?? []).filter((text) => text !== '');
}

function onSystem(state: State, message: OpenAISystemMessage, index: number): void {
  const texts = textOf(message.content);
  // Anthropic's mid-conversation system messages need a beta we cannot assume; a system message
  // later in the chat is still an instruction, so it joins the top-level system prompt in order.
  if (state.conversationStarted && texts.length > 0) {
    state.warnings.push({ code: 'moved_system_message', message: `${message.role} message moved into the top-level system prompt.`, field: `messages[${index}]` });
  }
  state.system.push(...texts.map((text): AnthropicTextBlock => ({ type: 'text', text })));
}

function parseArguments(call: { name: string; arguments?: string }, field: string): Record<string, unknown> {
  const raw = call.arguments ?? '';
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Sending {} would run the conversation on arguments the model never produced.
    throw new TranslationError(`${field}: arguments of tool call ${call.name} are not valid JSON.`, { param: field });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TranslationError(`${field}: arguments of tool call ${call.name} must be a JSON object.`, { param: field });
  }
  return parsed as Record<string, unknown>;
}

function convertToolCall(call: OpenAIToolCall, field: string): AnthropicContentBlockParam {
  if (call.type !== undefined && call.type !== 'function') throw new TranslationError(`${field}: tool call type ${String(call.type)} is not supported by Claude.`, { param: field });
  return { type: 'tool_use', id: toAnthropicToolId(call.id, field), name: call.function.name, input: parseArguments(call.function, `${field}.function.arguments`) };
}

function onAssistant(state: State, message: OpenAIAssistantMessage, index: number): void {
  const field = `messages[${index}]`;
  const content: AnthropicContentBlockParam[] = textOf(message.content).map((text) => ({ type: 'text', text }));
  if (message.refusal) content.push({ type: 'text', text: message.refusal });
  if (message.reasoning_content) {
    state.warnings.push({ code: 'dropped_reasoning', message: 'reasoning_content dropped: Claude only accepts its own signed thinking blocks.', field: `${field}.reasoning_content` });
  }
  (message.tool_calls ?? []).forEach((call, callIndex) => content.push(convertToolCall(call, `${field}.tool_calls[${callIndex}]`)));
  if (message.function_call) {
    // Legacy calls have no id: synthesize one from the message position, so it is stable across
    // requests, and pair it with the next `function` message.
    const id = `call_function_${index}`;
    state.pendingFunctionCallId = id;
    content.push({ type: 'tool_use', id, name: message.function_call.name, input: parseArguments(message.function_call, `${field}.function_call.arguments`) });
  }
  appendNonEmpty(state, 'assistant', content, index);
}

function toolResultContent(content: OpenAIToolMessage['content'] | null, field: string): string | AnthropicContentBlockParam[] | undefined {
  if (content === null || content === '') return undefined;
  if (typeof content === 'string') return content;
  const blocks = convertUserContent(content, field);
  return blocks.length > 0 ? blocks : undefined;
}

function onTool(state: State, message: OpenAIToolMessage, index: number): void {
  const field = `messages[${index}]`;
  const content = toolResultContent(message.content, `${field}.content`);
  const id = toAnthropicToolId(message.tool_call_id, `${field}.tool_call_id`);
  append(state, 'user', [{ type: 'tool_result', tool_use_id: id, ...(content === undefined ? {} : { content }) }]);
}

function onFunction(state: State, message: OpenAIFunctionMessage, index: number): void {
  const id = state.pendingFunctionCallId;
  if (id === undefined) {
    throw new TranslationError(`messages[${index}]: function message without a preceding assistant function_call.`, { param: `messages[${index}]` });
  }
  state.pendingFunctionCallId = undefined;
  const content = message.content ?? '';
  append(state, 'user', [{ type: 'tool_result', tool_use_id: id, ...(content === '' ? {} : { content }) }]);
}

function appendNonEmpty(state: State, role: Role, content: AnthropicContentBlockParam[], index: number): void {
  // Anthropic rejects empty messages; an empty one carried nothing anyway.
  if (content.length === 0) {
    state.warnings.push({ code: 'dropped_empty_message', message: `Empty ${role} message dropped.`, field: `messages[${index}]` });
    return;
  }
  append(state, role, content);
}

function convertMessage(state: State, message: OpenAIMessage, index: number): void {
  if (message.role !== 'system' && message.role !== 'developer') state.conversationStarted = true;
  if ('name' in message && message.name !== undefined && message.role !== 'function') {
    state.warnings.push({ code: 'dropped_field', message: 'Message name has no Anthropic equivalent; dropped.', field: `messages[${index}].name` });
  }
  switch (message.role) {
    case 'system':
    case 'developer':
      return onSystem(state, message, index);
    case 'user':
      return appendNonEmpty(state, 'user', convertUserContent(message.content, `messages[${index}].content`), index);
    case 'assistant':
      return onAssistant(state, message, index);
    case 'tool':
      return onTool(state, message, index);
    case 'function':
      return onFunction(state, message, index);
    default: {
      const unreachable: never = message;
      throw new TranslationError(`Unsupported message role ${String((unreachable as { role?: unknown }).role)}.`);
    }
  }
}

/** Anthropic wants tool_result blocks before any other content of a user turn. */
function toolResultsFirst(turn: Turn): Turn {
  if (turn.role !== 'user') return turn;
  const results = turn.content.filter((block) => block.type === 'tool_result');
  return { role: 'user', content: [...results, ...turn.content.filter((block) => block.type !== 'tool_result')] };
}

/**
 * A final assistant turn is a prefill: Claude continues it, and Anthropic rejects trailing
 * whitespace there ("final assistant content cannot end with trailing whitespace").
 */
function trimPrefill(turns: Turn[]): void {
  const last = turns.at(-1);
  if (last?.role !== 'assistant') return;
  const block = last.content.at(-1);
  if (block?.type === 'text') block.text = block.text.trimEnd();
  last.content = last.content.filter((item) => item.type !== 'text' || item.text !== '');
  if (last.content.length === 0) turns.pop();
}

/**
 * OpenAI messages -> Anthropic `system` + alternating `messages`.
 * - system/developer messages anywhere go to the top-level system prompt, in order.
 * - A conversation that opens with the assistant (a greeting set by a chat UI) gets a user turn
 *   `(continued)` in front: Anthropic's documented contract is that the first message is a user
 *   message, and an empty text block is rejected.
 */
export function convertOpenAIMessages(messages: OpenAIMessage[]): { system: AnthropicTextBlock[]; messages: AnthropicMessageParam[]; warnings: TranslationWarning[] } {
  const state: State = { system: [], turns: [], conversationStarted: false, pendingFunctionCallId: undefined, warnings: [] };
  messages.forEach((message, index) => convertMessage(state, message, index));
  trimPrefill(state.turns);
  if (state.turns.length === 0) throw new TranslationError('messages must contain at least one non-empty user or assistant message.', { param: 'messages' });
  if (state.turns[0]?.role === 'assistant') {
    state.turns.unshift({ role: 'user', content: [{ type: 'text', text: leadingUserPlaceholder }] });
    state.warnings.push({ code: 'inserted_user_turn', message: `Conversation starts with the assistant; a "${leadingUserPlaceholder}" user turn was put in front.`, field: 'messages[0]' });
  }
  return { system: state.system, messages: state.turns.map(toolResultsFirst), warnings: state.warnings };
}
