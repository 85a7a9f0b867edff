import { renameTool } from '../tool-names.js';
import { JsonPrefixScanner } from './json-prefix-scanner.js';
import { isRecord } from '../../json/is-record.js';
import { thoughtSignatureOf } from './read-provider-reasoning.js';
import { ensureThinkingBlock, takeBlockIndex, type StreamScope, type ToolCallState } from './stream-state.js';
import { appendToolArguments } from './stream-tool-arguments.js';

/**
 * Tool-call fragments of the OpenAI -> Anthropic stream. Anthropic blocks are sequential, so a
 * call's block can only open when the block before it is done. In the common case (one call
 * after the other) every fragment is forwarded at once. When fragments of parallel calls
 * interleave, the open call keeps its block until its arguments form a complete object, and the
 * other calls' fragments wait (each in its own buffer) until their turn; at the end of the
 * stream every waiting call is emitted whole, in the order the calls first appeared.
 */

function newCall(scope: StreamScope, upstreamId: string | undefined, upstreamIndex: number | undefined): ToolCallState {
  const call: ToolCallState = {
    upstreamId,
    upstreamIndex,
    id: upstreamId ?? scope.context.newId('toolu_'),
    name: '',
    blockIndex: undefined,
    pendingArguments: '',
    pendingThoughtSignature: undefined,
    sentArguments: '',
    scanner: new JsonPrefixScanner(),
    argumentsBroken: false,
    withheldArguments: '',
  };
  scope.state.calls.push(call);
  return call;
}

/**
 * A fragment with a new id at the index of a call that has neither id nor name yet (its
 * arguments came first) is that call, now identified; anything else with a new id is a new call.
 */
function callForNewId(scope: StreamScope, id: string, index: number | undefined): ToolCallState {
  const anonymous = index === undefined ? undefined : scope.state.calls.find((call) => call.upstreamIndex === index && call.upstreamId === undefined && call.name === '');
  if (anonymous === undefined) return newCall(scope, id, index);
  anonymous.upstreamId = id;
  anonymous.id = id;
  return anonymous;
}

/**
 * Which call a fragment belongs to. A new non-empty id is a new call and a known id is that call,
 * whatever its `index` says (Gemini Vertex renumbers mid-call). Without an id (OpenAI
 * continuations, Alibaba's `"id": ""`), `index` picks the call; without either (Mistral), the
 * fragment continues the current call.
 */
function resolveCall(scope: StreamScope, fragment: Record<string, unknown>): ToolCallState {
  const { state } = scope;
  const id = typeof fragment['id'] === 'string' && fragment['id'] !== '' ? fragment['id'] : undefined;
  const index = typeof fragment['index'] === 'number' ? fragment['index'] : undefined;
  let call: ToolCallState | undefined;
  if (id !== undefined) {
    call = state.calls.find((candidate) => candidate.upstreamId === id) ?? callForNewId(scope, id, index);
  } else if (index !== undefined) {
    call = state.calls.findLast((candidate) => candidate.upstreamIndex === index) ?? newCall(scope, undefined, index);
  } else {
    call = state.currentCall ?? newCall(scope, undefined, undefined);
  }
  if (index !== undefined) call.upstreamIndex = index;
  state.currentCall = call;
  return call;
}

function argumentsFragment(value: unknown): string {
  if (typeof value === 'string') return value;
  // llama.cpp and TGI have shipped versions that send arguments as an object.
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/**
 * Gemini's thought signature arrives on the first fragment of a call and must reach the client
 * in a thinking block placed before that call's `tool_use` block (see `startToolBlock`). A
 * signature for a call whose block already started can no longer be placed before it and is
 * dropped with a warning.
 */
function rememberThoughtSignature(scope: StreamScope, call: ToolCallState, fragment: Record<string, unknown>): void {
  const signature = thoughtSignatureOf(fragment);
  if (signature === undefined) return;
  if (call.blockIndex === undefined) {
    call.pendingThoughtSignature = signature;
    return;
  }
  const open = scope.state.open;
  const alreadyCarried = open?.type === 'thinking' && open.thoughtSignatures[call.id] === signature;
  if (!alreadyCarried) scope.warnings.push({ code: 'late_thought_signature', message: `Thought signature for started tool call ${call.id} dropped.` });
}

/**
 * Opens a call's `tool_use` block (closing the open block) and sends what it held back. The
 * thought signature goes into the open thinking block, or a new empty one, just before it.
 */
function startToolBlock(scope: StreamScope, call: ToolCallState): void {
  if (call.pendingThoughtSignature !== undefined) {
    ensureThinkingBlock(scope).thoughtSignatures[call.id] = call.pendingThoughtSignature;
    call.pendingThoughtSignature = undefined;
  }
  const index = takeBlockIndex(scope);
  call.blockIndex = index;
  scope.state.hasToolUse = true;
  scope.state.open = { type: 'tool_use', index, call };
  scope.out.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
  const pending = call.pendingArguments;
  call.pendingArguments = '';
  appendToolArguments(scope, call, pending);
}

/** The first call, in order of appearance, that has a name and no block yet. */
function nextWaitingCall(scope: StreamScope): ToolCallState | undefined {
  return scope.state.calls.find((call) => call.blockIndex === undefined && call.name !== '');
}

/**
 * Starts waiting calls while that keeps every call whole: not while an open tool block's
 * arguments are unfinished (its later fragments could no longer be delivered), except at the
 * end of the stream (`streamEnded`), when nothing more can arrive.
 */
export function startWaitingToolCalls(scope: StreamScope, streamEnded = false): void {
  for (let call = nextWaitingCall(scope); call !== undefined; call = nextWaitingCall(scope)) {
    const open = scope.state.open;
    if (!streamEnded && open?.type === 'tool_use' && !open.call.scanner.isComplete) return;
    startToolBlock(scope, call);
    if (scope.state.phase === 'failed') return;
  }
}

/** One entry of `delta.tool_calls` (or a legacy `delta.function_call`, passed as `{ function }`). */
export function handleToolCallFragment(scope: StreamScope, fragment: unknown): void {
  if (!isRecord(fragment)) {
    scope.warnings.push({ code: 'unknown_tool_call_delta', message: 'Ignored a tool_calls entry that is not an object.' });
    return;
  }
  const call = resolveCall(scope, fragment);
  const fn = isRecord(fragment['function']) ? fragment['function'] : undefined;
  const name = fn?.['name'];
  // Continuations may repeat the name or send "" (Mistral); the first non-empty name is the name.
  if (call.name === '' && typeof name === 'string') call.name = renameTool(scope.toolNames, name);
  rememberThoughtSignature(scope, call, fragment);
  appendToolArguments(scope, call, argumentsFragment(fn?.['arguments']));
  startWaitingToolCalls(scope);
}
