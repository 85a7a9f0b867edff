import { type ProxyError, UpstreamProtocolError } from '../../errors/proxy-error.js';
import type { AnthropicUsage } from '../../protocols/anthropic/types.js';
import { renderOpenAIError } from '../../protocols/openai/render-error.js';
import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIErrorEnvelope, OpenAIFinishReason } from '../../protocols/openai/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import { mapAnthropicErrorToProxyError } from '../../protocols/anthropic/map-anthropic-error.js';
import { mapAnthropicStopReasonToOpenAI, mapAnthropicUsageToOpenAI } from './map-anthropic-stop-reason.js';
import { renameTool } from '../tool-names.js';
import { isRecord } from '../../json/is-record.js';

/**
 * One thing to write to the client as `data: <JSON>\n\n`: a chunk, or (once, terminally) an
 * OpenAI error payload, which is how OpenAI itself reports a failure inside a 200 stream.
 */
export type OpenAIStreamFrame = OpenAIChatChunk | OpenAIErrorEnvelope;

/**
 * - `awaiting_start`: nothing received yet
 * - `streaming`: message_start seen, content flowing
 * - `stopped`: message_delta seen, the finish chunk is out; waiting for message_stop
 * - `done`: the stream is complete; the HTTP layer writes `data: [DONE]`
 * - `failed`: an error frame went out; nothing follows it (no `[DONE]` either)
 */
export type StreamPhase = 'awaiting_start' | 'streaming' | 'stopped' | 'done' | 'failed';

export interface AnthropicToOpenAIStreamTranslator {
  /** One parsed Anthropic SSE event (the JSON of its `data:` line) -> frames to write now. */
  push(event: unknown): OpenAIStreamFrame[];
  /** The upstream broke (connection, timeout, bad bytes): the error frame; terminal. */
  fail(error: ProxyError): OpenAIStreamFrame[];
  /** The upstream body ended: whatever closes the stream honestly (possibly an error frame). */
  finish(): OpenAIStreamFrame[];
  readonly phase: StreamPhase;
  /** The error behind the error frame, for logging; undefined unless `phase === 'failed'`. */
  readonly failure: ProxyError | undefined;
  /** What could not be carried across (redacted thinking, unknown events); for debug logs. */
  readonly warnings: readonly TranslationWarning[];
  /** The Anthropic usage seen so far (message_start's, then message_delta's final counts), for the log and metrics. */
  readonly usage: Readonly<Partial<AnthropicUsage>>;
}

type OpenBlock =
  | { kind: 'text' }
  | { kind: 'thinking' }
  /** `input`: the JSON sent so far, checked only when the block is not closed by its own stop. */
  | { kind: 'tool'; toolIndex: number; argumentsSent: boolean; input: string }
  /** The forced JSON-answer tool: its input is streamed as content. */
  | { kind: 'jsonAnswer' }
  | { kind: 'ignored' };

interface State {
  phase: StreamPhase;
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly includeUsage: boolean;
  readonly backendLabel: string;
  readonly jsonOutputTool: string | undefined;
  /** Backend tool name -> the client's, for names the request had to rename. */
  readonly toolNames: ReadonlyMap<string, string> | undefined;
  blocks: Map<number, OpenBlock>;
  nextToolIndex: number;
  usage: Partial<AnthropicUsage>;
  failure: ProxyError | undefined;
  warnings: TranslationWarning[];
}

type EventRecord = Record<string, unknown>;

function chunk(state: State, delta: OpenAIChunkDelta, finishReason: OpenAIFinishReason | null = null): OpenAIChatChunk {
  return {
    id: state.id,
    object: 'chat.completion.chunk',
    created: state.created,
    model: state.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function failWith(state: State, error: ProxyError): OpenAIStreamFrame[] {
  if (state.phase === 'done' || state.phase === 'failed') return [];
  state.phase = 'failed';
  state.failure = error;
  return [renderOpenAIError(error)];
}

/** Merges a usage object; later values win (message_delta carries the final counts). */
function mergeUsage(state: State, usage: unknown): void {
  if (!isRecord(usage)) return;
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    const value = usage[key];
    if (typeof value === 'number') state.usage[key] = value;
  }
}

/** A content event before message_start (a lenient gateway): open the message implicitly. */
function ensureStarted(state: State): OpenAIStreamFrame[] {
  if (state.phase !== 'awaiting_start') return [];
  state.phase = 'streaming';
  return [chunk(state, { role: 'assistant', content: '' })];
}

function onMessageStart(state: State, event: EventRecord): OpenAIStreamFrame[] {
  const message = event['message'];
  if (isRecord(message)) mergeUsage(state, message['usage']);
  return ensureStarted(state);
}

function onContentBlockStart(state: State, event: EventRecord): OpenAIStreamFrame[] {
  const index = event['index'];
  const block = event['content_block'];
  if (typeof index !== 'number' || !isRecord(block)) return ensureStarted(state);
  // A start that reuses an open block's index (off-protocol) first closes that block, so a tool
  // call is never left without arguments.
  const frames = [...ensureStarted(state), ...closeBlock(state, index)];
  switch (block['type']) {
    case 'text':
      state.blocks.set(index, { kind: 'text' });
      return [...frames, ...textFrames(state, block['text'])];
    case 'thinking':
      state.blocks.set(index, { kind: 'thinking' });
      return [...frames, ...reasoningFrames(state, block['thinking'])];
    case 'tool_use':
      return [...frames, ...startToolCall(state, index, block)];
    default:
      return [...frames, ...ignoreBlock(state, index, block['type'])];
  }
}

function ignoreBlock(state: State, index: number, type: unknown): OpenAIStreamFrame[] {
  state.blocks.set(index, { kind: 'ignored' });
  state.warnings.push({ code: 'dropped_block', message: `Content block of type ${String(type)} has no OpenAI equivalent; dropped.`, field: `content[${index}]` });
  return [];
}

function textFrames(state: State, text: unknown): OpenAIStreamFrame[] {
  return typeof text === 'string' && text !== '' ? [chunk(state, { content: text })] : [];
}

function reasoningFrames(state: State, thinking: unknown): OpenAIStreamFrame[] {
  return typeof thinking === 'string' && thinking !== '' ? [chunk(state, { reasoning_content: thinking })] : [];
}

function startToolCall(state: State, index: number, block: EventRecord): OpenAIStreamFrame[] {
  const name = block['name'];
  if (name !== undefined && name === state.jsonOutputTool) {
    state.blocks.set(index, { kind: 'jsonAnswer' });
    const input = block['input'];
    return isRecord(input) && Object.keys(input).length > 0 ? textFrames(state, JSON.stringify(input)) : [];
  }
  if (typeof name !== 'string' || name === '') {
    // A call without a name cannot be run or answered; an OpenAI client would choke on it.
    return failWith(state, new UpstreamProtocolError(`${state.backendLabel}: tool_use block without a name.`));
  }
  const toolIndex = state.nextToolIndex++;
  const input = block['input'];
  // Anthropic always starts with `input: {}` and streams the JSON; a gateway that sends the whole
  // input up front (no deltas) must not lose it.
  const upFront = isRecord(input) && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
  state.blocks.set(index, { kind: 'tool', toolIndex, argumentsSent: upFront !== '', input: upFront });
  const id = typeof block['id'] === 'string' && block['id'] !== '' ? block['id'] : `call_${state.id}_${toolIndex}`;
  const toolCall = { index: toolIndex, id, type: 'function' as const, function: { name: renameTool(state.toolNames, name), arguments: upFront } };
  return [chunk(state, { tool_calls: [toolCall] })];
}

function onContentBlockDelta(state: State, event: EventRecord): OpenAIStreamFrame[] {
  const frames = ensureStarted(state);
  const index = event['index'];
  const delta = event['delta'];
  const block = typeof index === 'number' ? state.blocks.get(index) : undefined;
  if (block === undefined || !isRecord(delta)) {
    state.warnings.push({ code: 'orphan_delta', message: `content_block_delta for unknown block ${String(index)}; ignored.` });
    return frames;
  }
  switch (delta['type']) {
    case 'text_delta':
      return [...frames, ...(block.kind === 'text' ? textFrames(state, delta['text']) : [])];
    case 'thinking_delta':
      return [...frames, ...(block.kind === 'thinking' ? reasoningFrames(state, delta['thinking']) : [])];
    case 'input_json_delta':
      if (block.kind === 'jsonAnswer') return [...frames, ...textFrames(state, delta['partial_json'])];
      return [...frames, ...(block.kind === 'tool' ? argumentsFrames(state, block, delta['partial_json']) : [])];
    default:
      // signature_delta, citations_delta: nothing an OpenAI client can use.
      return frames;
  }
}

function argumentsFrames(state: State, block: Extract<OpenBlock, { kind: 'tool' }>, fragment: unknown): OpenAIStreamFrame[] {
  if (typeof fragment !== 'string' || fragment === '') return [];
  block.argumentsSent = true;
  block.input += fragment;
  return [chunk(state, { tool_calls: [{ index: block.toolIndex, function: { arguments: fragment } }] })];
}

/** A tool call without any input fragment has input `{}`; say so, clients JSON.parse arguments. */
function closeBlock(state: State, index: number): OpenAIStreamFrame[] {
  const block = state.blocks.get(index);
  state.blocks.delete(index);
  if (block?.kind !== 'tool' || block.argumentsSent) return [];
  return [chunk(state, { tool_calls: [{ index: block.toolIndex, function: { arguments: '{}' } }] })];
}

function onContentBlockStop(state: State, event: EventRecord): OpenAIStreamFrame[] {
  const index = event['index'];
  return typeof index === 'number' ? closeBlock(state, index) : [];
}

function closeAllBlocks(state: State): OpenAIStreamFrame[] {
  return [...state.blocks.keys()].flatMap((index) => closeBlock(state, index));
}

/**
 * A tool block still open when the message ends (no content_block_stop: off-protocol) whose input
 * is not whole JSON: the client would run the tool with cut-off arguments. Only a max_tokens stop
 * may end a call mid-input (reported as finish_reason `length`, as OpenAI does).
 */
function cutToolInput(state: State, stopReason: unknown): boolean {
  if (stopReason === 'max_tokens') return false;
  for (const block of state.blocks.values()) {
    if (block.kind !== 'tool' || !block.argumentsSent) continue;
    try {
      JSON.parse(block.input);
    } catch {
      return true;
    }
  }
  return false;
}

function finishChunk(state: State, stopReason: unknown): OpenAIStreamFrame[] {
  if (cutToolInput(state, stopReason)) {
    return failWith(state, new UpstreamProtocolError(`${state.backendLabel}: the message ended in the middle of a tool call's input.`));
  }
  const frames = [...ensureStarted(state), ...closeAllBlocks(state)];
  const mapped = mapAnthropicStopReasonToOpenAI(stopReason);
  const { known } = mapped;
  // A stream whose only "tool call" was the forced JSON answer ends as an answer.
  const answeredByTool = state.jsonOutputTool !== undefined && state.nextToolIndex === 0;
  const finishReason = mapped.finishReason === 'tool_calls' && answeredByTool ? 'stop' : mapped.finishReason;
  if (!known) state.warnings.push({ code: 'unknown_stop_reason', message: `Unknown stop_reason ${String(stopReason)}; reported as stop.` });
  state.phase = 'stopped';
  return [...frames, chunk(state, {}, finishReason)];
}

function onMessageDelta(state: State, event: EventRecord): OpenAIStreamFrame[] {
  mergeUsage(state, event['usage']);
  if (state.phase === 'stopped') return [];
  const delta = event['delta'];
  return finishChunk(state, isRecord(delta) ? delta['stop_reason'] : undefined);
}

function usageFrames(state: State): OpenAIStreamFrame[] {
  if (!state.includeUsage) return [];
  if (Object.keys(state.usage).length === 0) {
    state.warnings.push({ code: 'missing_usage', message: 'The Anthropic stream carried no usage; reporting 0 tokens.' });
  }
  return [{ id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices: [], usage: mapAnthropicUsageToOpenAI(state.usage) }];
}

function onMessageStop(state: State): OpenAIStreamFrame[] {
  // A message_stop without message_delta is off-protocol; still end with one finish chunk.
  const frames = state.phase === 'stopped' ? [] : finishChunk(state, undefined);
  if (state.phase === 'failed') return frames;
  state.phase = 'done';
  return [...frames, ...usageFrames(state)];
}

function onError(state: State, event: EventRecord): OpenAIStreamFrame[] {
  return failWith(state, mapAnthropicErrorToProxyError(0, event, {}, state.backendLabel));
}

function dispatch(state: State, event: EventRecord): OpenAIStreamFrame[] {
  if (state.phase === 'stopped' && String(event['type']).startsWith('content_block_')) {
    // The finish chunk is out; a chunk after it would break the client's stream grammar.
    state.warnings.push({ code: 'unknown_event', message: `${String(event['type'])} after message_delta; ignored.` });
    return [];
  }
  switch (event['type']) {
    case 'message_start':
      return onMessageStart(state, event);
    case 'content_block_start':
      return onContentBlockStart(state, event);
    case 'content_block_delta':
      return onContentBlockDelta(state, event);
    case 'content_block_stop':
      return onContentBlockStop(state, event);
    case 'message_delta':
      return onMessageDelta(state, event);
    case 'message_stop':
      return onMessageStop(state);
    case 'error':
      return onError(state, event);
    case 'ping':
      return [];
    default:
      // New event types must not break old proxies: Anthropic documents that more may appear.
      state.warnings.push({ code: 'unknown_event', message: `Unknown stream event ${String(event['type'])}; ignored.` });
      return [];
  }
}

function finishStream(state: State): OpenAIStreamFrame[] {
  switch (state.phase) {
    case 'done':
    case 'failed':
      return [];
    case 'stopped':
      // message_delta carried the stop reason and final usage; only message_stop is missing.
      state.phase = 'done';
      return usageFrames(state);
    case 'awaiting_start':
    case 'streaming':
      return failWith(state, new UpstreamProtocolError(`${state.backendLabel}: stream ended before the message was complete.`));
    default: {
      const unreachable: never = state.phase;
      return unreachable;
    }
  }
}

/**
 * Anthropic Messages stream events -> OpenAI chat.completion.chunk objects. Grammar produced:
 * a role chunk (`{role:'assistant', content:''}`), content / `reasoning_content` / tool-call
 * deltas (id, type and name on the first delta of each call, then argument fragments), exactly
 * one chunk with `finish_reason` (on message_delta), then the usage chunk (`choices: []`) when
 * `includeUsage`; the HTTP layer then writes `data: [DONE]` if `phase === 'done'`.
 */
export function createAnthropicToOpenAIStreamTranslator(
  context: TranslationContext,
  options: { includeUsage: boolean; backendLabel?: string; jsonOutputTool?: string; toolNames?: ReadonlyMap<string, string> },
): AnthropicToOpenAIStreamTranslator {
  const state: State = {
    phase: 'awaiting_start',
    id: context.newId('chatcmpl-'),
    created: context.now(),
    model: context.requestedModel,
    includeUsage: options.includeUsage,
    // Prefixes upstream error messages; defaults to the backend id, as for HTTP errors.
    backendLabel: options.backendLabel ?? context.backendId,
    jsonOutputTool: options.jsonOutputTool,
    toolNames: options.toolNames,
    blocks: new Map(),
    nextToolIndex: 0,
    usage: {},
    failure: undefined,
    warnings: [],
  };
  return {
    push(event) {
      if (state.phase === 'done' || state.phase === 'failed') return [];
      if (!isRecord(event) || typeof event['type'] !== 'string') {
        return failWith(state, new UpstreamProtocolError(`${state.backendLabel}: stream event without a type.`));
      }
      return dispatch(state, event);
    },
    fail: (error) => failWith(state, error),
    finish: () => finishStream(state),
    get phase() {
      return state.phase;
    },
    get failure() {
      return state.failure;
    },
    get warnings() {
      return state.warnings;
    },
    get usage() {
      return state.usage;
    },
  };
}
