import type { ProxyError } from '../../errors/proxy-error.js';
import type { AnthropicStreamEvent, AnthropicUsage } from '../../protocols/anthropic/types.js';
import { encodeReasoningSignature, type ReasoningCarrier } from '../reasoning-signature.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { JsonPrefixScanner } from './json-prefix-scanner.js';
import { completeToolArguments } from './stream-tool-arguments.js';
import type { WebSearchRequested } from './converted-request-types.js';

/**
 * State and block bookkeeping of the OpenAI -> Anthropic stream state machine. Anthropic content
 * blocks are strictly sequential (one open at a time, indexes 0, 1, 2, ...), so every helper
 * here that opens a block first closes whatever block is open.
 */

/** One upstream tool call, however the provider identifies its fragments. */
export interface ToolCallState {
  /** Upstream id, when the provider sent a non-empty one. */
  upstreamId: string | undefined;
  /** Latest upstream `index` seen for the call (Gemini Vertex changes it mid-call). */
  upstreamIndex: number | undefined;
  /** The `tool_use` id the client sees: the upstream id 1:1, or a generated `toolu_` id. */
  id: string;
  name: string;
  /** Set once `content_block_start` was emitted. */
  blockIndex: number | undefined;
  /** Arguments held until the call's block starts (no name yet, or another call's block is open). */
  pendingArguments: string;
  /** A Gemini thought signature waiting to be placed before the call's block. */
  pendingThoughtSignature: string | undefined;
  /** Arguments already sent as `input_json_delta`, for the closing repair. */
  sentArguments: string;
  /** Checks that what is forwarded stays the beginning of one JSON object. */
  scanner: JsonPrefixScanner;
  /** Set once a fragment stopped being JSON; nothing more of this call is forwarded. */
  argumentsBroken: boolean;
  /** What was not forwarded, for a repair at the end (double-encoded arguments). */
  withheldArguments: string;
}

export type OpenBlock =
  | { type: 'text'; index: number }
  | { type: 'thinking'; index: number; reasoningDetails: unknown[]; thoughtSignatures: Record<string, string> }
  | { type: 'tool_use'; index: number; call: ToolCallState };

export type Phase = 'idle' | 'streaming' | 'finished' | 'failed';

/** A request the backend was asked to search for (stream-web-search.ts). */
export interface WebSearchState {
  query: string;
  /** Pages already listed in a `web_search_tool_result`. */
  listed: Set<string>;
  /** Citations already sent as `citations_delta` (a route may resend the whole list). */
  cited: Set<string>;
  /** `server_tool_use` blocks sent. */
  searches: number;
  /** The answer's text so far, where citation indexes point. */
  text: string;
  /** The backend's own count (`usage.server_tool_use.web_search_requests`), if it gives one. */
  backendSearches: number | undefined;
  /** The backend searches on every request (WebSearchRequested.alwaysSearches). */
  alwaysSearches: boolean;
}

export interface State {
  phase: Phase;
  nextBlockIndex: number;
  open: OpenBlock | undefined;
  calls: ToolCallState[];
  /** The call the last tool-call fragment belonged to; index-less fragments continue it. */
  currentCall: ToolCallState | undefined;
  /** Raw upstream finish_reason (the last non-null one). */
  finishReason: string | undefined;
  /** vLLM `stop_reason`: the matched stop string. */
  matchedStop: unknown;
  usage: AnthropicUsage | undefined;
  hasRefusal: boolean;
  hasToolUse: boolean;
  warnedCodes: Set<string>;
  failure: ProxyError | undefined;
  webSearch: WebSearchState | undefined;
}

/** What every handler needs: the state, the route, where warnings go, where events go. */
export interface StreamScope {
  state: State;
  context: TranslationContext;
  warnings: TranslationWarning[];
  out: AnthropicStreamEvent[];
  inputTokensEstimate: number | undefined;
  backendLabel: string;
  /** Position of the `error` event in `out` once the stream failed; later events are dropped. */
  failedAt: number | undefined;
  /** Backend tool name -> the client's, for names the request had to rename. */
  toolNames: ReadonlyMap<string, string> | undefined;
}

export function createState(webSearch?: WebSearchRequested): State {
  return {
    phase: 'idle',
    nextBlockIndex: 0,
    open: undefined,
    calls: [],
    currentCall: undefined,
    finishReason: undefined,
    matchedStop: undefined,
    usage: undefined,
    hasRefusal: false,
    hasToolUse: false,
    warnedCodes: new Set(),
    failure: undefined,
    webSearch:
      webSearch === undefined
        ? undefined
        : { query: webSearch.query, listed: new Set(), cited: new Set(), searches: 0, text: '', backendSearches: undefined, alwaysSearches: webSearch.alwaysSearches },
  };
}

/** Records a warning once per code, so a long stream of identical oddities stays one line. */
export function warnOnce(scope: StreamScope, warning: TranslationWarning): void {
  if (scope.state.warnedCodes.has(warning.code)) return;
  scope.state.warnedCodes.add(warning.code);
  scope.warnings.push(warning);
}

/** `message_start`, once, on the first chunk. Real usage follows in `message_delta`. */
export function ensureMessageStarted(scope: StreamScope): void {
  if (scope.state.phase !== 'idle') return;
  scope.state.phase = 'streaming';
  scope.out.push({
    type: 'message_start',
    message: {
      id: scope.context.newId('msg_'),
      type: 'message',
      role: 'assistant',
      model: scope.context.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: scope.inputTokensEstimate ?? 0, output_tokens: 0 },
    },
  });
}

function thinkingSignature(block: Extract<OpenBlock, { type: 'thinking' }>, backendId: string): string {
  const carrier: ReasoningCarrier = { backendId };
  if (block.reasoningDetails.length > 0) carrier.reasoningDetails = block.reasoningDetails;
  if (Object.keys(block.thoughtSignatures).length > 0) carrier.thoughtSignatures = block.thoughtSignatures;
  return encodeReasoningSignature(carrier);
}

export function closeOpenBlock(scope: StreamScope): void {
  const block = scope.state.open;
  if (block === undefined) return;
  if (block.type === 'thinking') {
    const signature = thinkingSignature(block, scope.context.backendId);
    scope.out.push({ type: 'content_block_delta', index: block.index, delta: { type: 'signature_delta', signature } });
  }
  if (block.type === 'tool_use') completeToolArguments(scope, block.call, block.index);
  scope.out.push({ type: 'content_block_stop', index: block.index });
  scope.state.open = undefined;
}

/** Closes the open block and returns the index of the next one. */
export function takeBlockIndex(scope: StreamScope): number {
  closeOpenBlock(scope);
  const index = scope.state.nextBlockIndex;
  scope.state.nextBlockIndex += 1;
  return index;
}

export function appendText(scope: StreamScope, text: string): void {
  if (text === '') return;
  if (scope.state.webSearch !== undefined) scope.state.webSearch.text += text;
  let block = scope.state.open;
  if (block?.type !== 'text') {
    block = { type: 'text', index: takeBlockIndex(scope) };
    scope.out.push({ type: 'content_block_start', index: block.index, content_block: { type: 'text', text: '' } });
    scope.state.open = block;
  }
  scope.out.push({ type: 'content_block_delta', index: block.index, delta: { type: 'text_delta', text } });
}

/** The open thinking block, opening one (with empty text) if another kind of block is open. */
export function ensureThinkingBlock(scope: StreamScope): Extract<OpenBlock, { type: 'thinking' }> {
  const open = scope.state.open;
  if (open?.type === 'thinking') return open;
  const block: OpenBlock = { type: 'thinking', index: takeBlockIndex(scope), reasoningDetails: [], thoughtSignatures: {} };
  scope.out.push({
    type: 'content_block_start',
    index: block.index,
    content_block: { type: 'thinking', thinking: '', signature: '' },
  });
  scope.state.open = block;
  return block;
}

export function appendThinking(scope: StreamScope, thinking: string): void {
  if (thinking === '') return;
  const block = ensureThinkingBlock(scope);
  scope.out.push({ type: 'content_block_delta', index: block.index, delta: { type: 'thinking_delta', thinking } });
}
