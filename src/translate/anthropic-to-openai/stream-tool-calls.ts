import { JsonPrefixScanner } from './json-prefix-scanner.js';
import { isRecord, thoughtSignatureOf } from './read-provider-reasoning.js';
import {
  appendToolArguments,
  ensureThinkingBlock,
  startToolBlockIfNamed,
  type StreamScope,
  type ToolCallState,
} from './stream-state.js';

function newCall(scope: StreamScope, upstreamId: string | undefined, upstreamIndex: number | undefined): ToolCallState {
  const call: ToolCallState = {
    upstreamId,
    upstreamIndex,
    id: upstreamId ?? scope.context.newId('toolu_'),
    name: '',
    blockIndex: undefined,
    pendingArguments: '',
    sentArguments: '',
    scanner: new JsonPrefixScanner(),
    argumentsBroken: false,
    withheldArguments: '',
  };
  scope.state.calls.push(call);
  return call;
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
    call = state.calls.find((candidate) => candidate.upstreamId === id) ?? newCall(scope, id, index);
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
 * in a thinking block placed before that call's `tool_use` block: the open thinking block if
 * there is one, else a new empty one. A signature for a call whose block already started can no
 * longer be placed before it and is dropped with a warning.
 */
function carryThoughtSignature(scope: StreamScope, call: ToolCallState, fragment: Record<string, unknown>): void {
  const signature = thoughtSignatureOf(fragment);
  if (signature === undefined) return;
  if (call.blockIndex !== undefined) {
    const open = scope.state.open;
    const alreadyCarried = open?.type === 'thinking' && open.thoughtSignatures[call.id] === signature;
    if (!alreadyCarried) scope.warnings.push({ code: 'late_thought_signature', message: `Thought signature for started tool call ${call.id} dropped.` });
    return;
  }
  ensureThinkingBlock(scope).thoughtSignatures[call.id] = signature;
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
  if (call.name === '' && typeof name === 'string') call.name = name;
  carryThoughtSignature(scope, call, fragment);
  startToolBlockIfNamed(scope, call);
  appendToolArguments(scope, call, argumentsFragment(fn?.['arguments']));
}
