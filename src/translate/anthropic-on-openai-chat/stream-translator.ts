import { UpstreamProtocolError, type ProxyError } from '../../errors/proxy-error.js';
import type { AnthropicStreamEvent, AnthropicUsage } from '../../protocols/anthropic/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import { mapOpenAIFinishReasonToAnthropic } from './map-finish-reason.js';
import { mapOpenAIStreamErrorToProxyError } from '../../protocols/openai/map-openai-error.js';
import { mapOpenAIUsageToAnthropic } from './map-usage.js';
import { isRecord } from '../../json/is-record.js';
import {
  mergeReasoningDetails,
  plainReasoningText,
  readContentParts,
  reasoningDetailsOf,
  thinkingTextFromDetails,
  thoughtSignatureOf,
} from './read-provider-reasoning.js';
import {
  appendText,
  appendThinking,
  closeOpenBlock,
  createState,
  ensureMessageStarted,
  ensureThinkingBlock,
  warnOnce,
  type StreamScope,
} from './stream-state.js';
import { failStream } from './stream-failure.js';
import { handleToolCallFragment, startWaitingToolCalls } from './stream-tool-calls.js';
import { finishWebSearch, handleAnnotations, webSearchUsage } from './stream-web-search.js';
import { webSearchRequestsOf } from './web-search-results.js';
import type { WebSearchRequested } from './converted-request-types.js';

export interface StreamTranslatorOptions {
  /** The client's `stop_sequences`, to report which one matched (when the backend says). */
  stopSequences?: string[];
  /** Shown as `input_tokens` in `message_start`; the real count follows in `message_delta`. */
  inputTokensEstimate?: number;
  /** Prefix for messages of errors that arrive inside the stream; default `upstream`. */
  backendLabel?: string;
  /** Backend tool name -> the client's, for names the request had to rename (`toolNames.toClient`). */
  toolNames?: ReadonlyMap<string, string>;
  /** The backend was asked to search: its `url_citation` annotations become web search blocks. */
  webSearch?: WebSearchRequested;
}

export interface FinishOptions {
  /**
   * The upstream body ended without `data: [DONE]`. That alone is not an error (Ollama omits
   * it); it is a truncated stream only when no `finish_reason` arrived either.
   */
  upstreamEndedWithoutDone?: boolean;
  /** The caller knows the stream was cut: end with an `error` event, never `message_stop`. */
  truncated?: boolean;
}

/** Token counts seen so far (Anthropic semantics: input excludes cache reads and writes). */
export interface StreamUsage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cacheReadInputTokens: number | undefined;
  cacheCreationInputTokens: number | undefined;
}

/** OpenAI Chat Completions chunks in, Anthropic Messages stream events out; see `push`/`fail`/`finish`. */
export interface OpenAIToAnthropicStreamTranslator {
  /**
   * One parsed `data:` payload. Returns the events it produces, at once; the one exception are
   * tool calls that must wait for their block (no name yet, or another call's unfinished block).
   */
  push(chunk: unknown): AnthropicStreamEvent[];
  /** Mid-stream failure: one `error` event, nothing else (open blocks stay open, as on Anthropic's wire). */
  fail(error: ProxyError): AnthropicStreamEvent[];
  /** At `[DONE]` or end of body: closes open blocks, `message_delta` + `message_stop` (or `error` if truncated). */
  finish(options?: FinishOptions): AnthropicStreamEvent[];
  readonly warnings: TranslationWarning[];
  readonly usage: StreamUsage;
  /** True once a terminal sequence (`message_stop` or `error`) was produced; later calls produce nothing. */
  readonly isDone: boolean;
  /** The error the stream ended with, if it failed. */
  readonly failure: ProxyError | undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function handleReasoning(scope: StreamScope, delta: Record<string, unknown>): void {
  const details = reasoningDetailsOf(delta);
  if (details !== undefined) mergeReasoningDetails(ensureThinkingBlock(scope).reasoningDetails, details);
  // OpenRouter repeats `reasoning` inside `reasoning_details`: read the details' text only when alone.
  appendThinking(scope, plainReasoningText(delta) ?? (details ? thinkingTextFromDetails(details) : ''));
}

function handleContent(scope: StreamScope, content: unknown): void {
  if (typeof content === 'string') return appendText(scope, content);
  if (!Array.isArray(content)) return;
  // Mistral content arrays: keep the parts' order (thinking parts, then text parts, usually).
  for (const part of content) {
    const { text, thinking } = readContentParts([part]);
    appendThinking(scope, thinking);
    appendText(scope, text);
  }
}

function handleToolCalls(scope: StreamScope, delta: Record<string, unknown>): void {
  const toolCalls = delta['tool_calls'];
  if (Array.isArray(toolCalls)) {
    for (const fragment of toolCalls) handleToolCallFragment(scope, fragment);
  } else if (isRecord(delta['function_call'])) {
    handleToolCallFragment(scope, { function: delta['function_call'] });
  }
}

function handleDelta(scope: StreamScope, delta: Record<string, unknown>): void {
  handleReasoning(scope, delta);
  const messageSignature = thoughtSignatureOf(delta);
  if (messageSignature !== undefined) ensureThinkingBlock(scope).thoughtSignatures[''] = messageSignature;
  handleContent(scope, delta['content']);
  const refusal = nonEmptyString(delta['refusal']);
  if (refusal !== undefined) {
    scope.state.hasRefusal = true;
    appendText(scope, refusal);
  }
  handleToolCalls(scope, delta);
  handleAnnotations(scope, delta['annotations']);
}

function handleChoice(scope: StreamScope, choice: unknown): void {
  if (!isRecord(choice)) return warnOnce(scope, { code: 'unknown_chunk', message: 'Ignored a choice that is not an object.' });
  const index = choice['index'] ?? 0;
  if (index !== 0) {
    return warnOnce(scope, { code: 'dropped_choices', message: 'Only choice 0 is streamed; other choices (n > 1) dropped.' });
  }
  if (isRecord(choice['delta'])) handleDelta(scope, choice['delta']);
  // Some routes attach the finished list to a `message` on the closing chunk instead.
  if (isRecord(choice['message'])) handleAnnotations(scope, choice['message']['annotations']);
  const finishReason = nonEmptyString(choice['finish_reason']);
  if (finishReason !== undefined) scope.state.finishReason = finishReason;
  if (choice['stop_reason'] !== undefined && choice['stop_reason'] !== null) scope.state.matchedStop = choice['stop_reason'];
}

/**
 * An `error` object inside the 200 stream. Before any finish_reason it ends the stream with an
 * error event. After one, the answer is already complete (OpenRouter follows `length` with
 * "Token limit reached" plus the usage): it is logged as a warning and the turn ends normally.
 */
function handleErrorChunk(scope: StreamScope, chunk: Record<string, unknown>): void {
  const error = mapOpenAIStreamErrorToProxyError(chunk, scope.backendLabel);
  if (scope.state.finishReason === undefined) return failStream(scope, error);
  scope.warnings.push({ code: 'upstream_error_after_finish', message: error.message });
}

function handleChunk(scope: StreamScope, chunk: unknown): void {
  if (!isRecord(chunk)) return warnOnce(scope, { code: 'unknown_chunk', message: 'Ignored a stream chunk that is not an object.' });
  const usage = mapOpenAIUsageToAnthropic(chunk['usage']);
  // Usage is cumulative (Perplexity repeats it on every chunk): the latest wins.
  if (usage !== undefined) scope.state.usage = usage;
  const searches = webSearchRequestsOf(chunk['usage']);
  if (searches !== undefined && scope.state.webSearch !== undefined) scope.state.webSearch.backendSearches = searches;
  if (chunk['error'] !== undefined && chunk['error'] !== null) return handleErrorChunk(scope, chunk);
  const choices = chunk['choices'];
  if (!Array.isArray(choices)) {
    if (usage === undefined) warnOnce(scope, { code: 'unknown_chunk', message: 'Ignored a stream chunk without choices.' });
    return;
  }
  ensureMessageStarted(scope);
  for (const choice of choices) handleChoice(scope, choice);
}

function finishedUsage(scope: StreamScope): Partial<AnthropicUsage> & { output_tokens: number } {
  const usage = scope.state.usage;
  const serverToolUse = webSearchUsage(scope);
  const searched = serverToolUse === undefined ? {} : { server_tool_use: serverToolUse };
  if (usage === undefined) {
    scope.warnings.push({ code: 'missing_usage', message: 'Upstream stream sent no usage; reporting 0 output tokens.' });
    return { output_tokens: 0, ...searched };
  }
  return { ...usage, ...searched };
}

function finishStream(scope: StreamScope, options: FinishOptions, stopSequences: string[] | undefined): void {
  const { state } = scope;
  if (options.truncated || (options.upstreamEndedWithoutDone && state.finishReason === undefined)) {
    return failStream(scope, new UpstreamProtocolError('upstream stream ended unexpectedly'));
  }
  ensureMessageStarted(scope);
  startWaitingToolCalls(scope, true);
  finishWebSearch(scope);
  closeOpenBlock(scope);
  if (state.phase === 'failed') return;
  for (const call of state.calls) {
    if (call.blockIndex === undefined) {
      scope.warnings.push({ code: 'dropped_tool_call', message: `Tool call ${call.id} never got a name; dropped.` });
    }
  }
  const finish = mapOpenAIFinishReasonToAnthropic(state.finishReason, {
    hasToolUse: state.hasToolUse,
    hasRefusal: state.hasRefusal,
    matchedStop: state.matchedStop,
    stopSequences,
  });
  if (finish.warning) scope.warnings.push(finish.warning);
  scope.out.push({
    type: 'message_delta',
    delta: { stop_reason: finish.stopReason, stop_sequence: finish.stopSequence },
    usage: finishedUsage(scope),
  });
  scope.out.push({ type: 'message_stop' });
  state.phase = 'finished';
}

/**
 * Creates the state machine translating one OpenAI Chat Completions stream into Anthropic
 * Messages stream events. Pure and synchronous; ids come from `context.newId`.
 */
export function createOpenAIToAnthropicStreamTranslator(
  context: TranslationContext,
  options: StreamTranslatorOptions = {},
): OpenAIToAnthropicStreamTranslator {
  const state = createState(options.webSearch);
  const warnings: TranslationWarning[] = [];
  const isDone = () => state.phase === 'finished' || state.phase === 'failed';
  // One scope for the whole stream, with a fresh `out` and `failedAt` for each step (steps never
  // nest): a scope and a closure per chunk were a sixth of the per-chunk cost.
  const scope: StreamScope = {
    state,
    context,
    warnings,
    out: [],
    inputTokensEstimate: options.inputTokensEstimate,
    backendLabel: options.backendLabel ?? 'upstream',
    failedAt: undefined,
    toolNames: options.toolNames,
  };
  const run = <Input>(step: (scope: StreamScope, input: Input) => void, input: Input): AnthropicStreamEvent[] => {
    if (isDone()) return [];
    const out: AnthropicStreamEvent[] = [];
    scope.out = out;
    scope.failedAt = undefined;
    step(scope, input);
    // A step that failed midway may have gone on producing events: the error stays the last.
    if (scope.failedAt !== undefined) out.length = scope.failedAt + 1;
    return out;
  };
  return {
    push: (chunk) => run(handleChunk, chunk),
    fail: (error) => run(failStream, error),
    finish: (finishOptions = {}) => run((stepScope, input: FinishOptions) => finishStream(stepScope, input, options.stopSequences), finishOptions),
    warnings,
    get usage(): StreamUsage {
      return {
        inputTokens: state.usage?.input_tokens,
        outputTokens: state.usage?.output_tokens,
        cacheReadInputTokens: state.usage?.cache_read_input_tokens ?? undefined,
        cacheCreationInputTokens: state.usage?.cache_creation_input_tokens ?? undefined,
      };
    },
    get isDone() {
      return isDone();
    },
    get failure() {
      return state.failure;
    },
  };
}
