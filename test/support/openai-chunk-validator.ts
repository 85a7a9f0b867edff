/**
 * Grammar check for an OpenAI Chat Completions chunk stream as the proxy emits it (single choice).
 * Throws on the first violation with the chunk index, so a failing test says where.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */

import { isRecord } from '../../src/json/is-record.js';

type Json = Record<string, unknown>;

function fail(index: number, message: string): never {
  throw new Error(`chunk ${index}: ${message}`);
}

interface ToolCallSeen {
  arguments: string;
}

interface ValidatorState {
  identity: { id: unknown; model: unknown; created: unknown } | undefined;
  sawRole: boolean;
  finishReason: string | undefined;
  sawUsage: boolean;
  toolCalls: ToolCallSeen[];
}

function checkIdentity(state: ValidatorState, chunk: Json, index: number): void {
  if (chunk['object'] !== 'chat.completion.chunk') fail(index, `object is ${String(chunk['object'])}`);
  const identity = { id: chunk['id'], model: chunk['model'], created: chunk['created'] };
  if (typeof identity.id !== 'string' || typeof identity.model !== 'string' || typeof identity.created !== 'number') {
    fail(index, 'id/model/created missing or mistyped');
  }
  state.identity ??= identity;
  for (const key of ['id', 'model', 'created'] as const) {
    if (state.identity[key] !== identity[key]) fail(index, `${key} changed from ${String(state.identity[key])} to ${String(identity[key])}`);
  }
}

function checkToolCallDelta(state: ValidatorState, call: unknown, index: number): void {
  if (!isRecord(call) || typeof call['index'] !== 'number') fail(index, 'tool call delta without numeric index');
  const toolIndex = call['index'];
  const fn = call['function'];
  if (!isRecord(fn)) fail(index, `tool call ${toolIndex} without function`);
  if (toolIndex === state.toolCalls.length) {
    if (typeof call['id'] !== 'string' || call['id'] === '' || call['type'] !== 'function' || typeof fn['name'] !== 'string' || fn['name'] === '') {
      fail(index, `first delta of tool call ${toolIndex} lacks id/type/function.name`);
    }
    state.toolCalls.push({ arguments: typeof fn['arguments'] === 'string' ? fn['arguments'] : '' });
    return;
  }
  const seen = state.toolCalls[toolIndex];
  if (seen === undefined) fail(index, `tool call index ${toolIndex} skips ahead of ${state.toolCalls.length}`);
  if (call['id'] !== undefined || call['type'] !== undefined || fn['name'] !== undefined) fail(index, `later delta of tool call ${toolIndex} repeats id/type/name`);
  if (typeof fn['arguments'] !== 'string') fail(index, `later delta of tool call ${toolIndex} has no arguments string`);
  seen.arguments += fn['arguments'];
}

function checkChoiceChunk(state: ValidatorState, chunk: Json, index: number): void {
  const choices = chunk['choices'];
  if (!Array.isArray(choices) || choices.length !== 1) fail(index, 'expected exactly one choice');
  const choice: unknown = choices[0];
  if (!isRecord(choice) || choice['index'] !== 0 || !isRecord(choice['delta'])) fail(index, 'malformed choice');
  if (state.finishReason !== undefined) fail(index, 'choice chunk after the finish chunk');
  const delta = choice['delta'];
  if (!state.sawRole) {
    if (delta['role'] !== 'assistant') fail(index, 'first chunk lacks role assistant');
    state.sawRole = true;
  } else if (delta['role'] !== undefined) {
    fail(index, 'role repeated');
  }
  if (Array.isArray(delta['tool_calls'])) for (const call of delta['tool_calls']) checkToolCallDelta(state, call, index);
  const finishReason = choice['finish_reason'];
  if (finishReason !== null) {
    if (typeof finishReason !== 'string') fail(index, 'finish_reason neither null nor string');
    state.finishReason = finishReason;
  }
}

function checkUsageChunk(state: ValidatorState, chunk: Json, index: number): void {
  if (state.finishReason === undefined) fail(index, 'usage chunk before the finish chunk');
  if (state.sawUsage) fail(index, 'second usage chunk');
  const usage = chunk['usage'];
  if (!isRecord(usage) || typeof usage['prompt_tokens'] !== 'number' || typeof usage['completion_tokens'] !== 'number') fail(index, 'malformed usage');
  state.sawUsage = true;
}

function checkToolArguments(state: ValidatorState): void {
  // A length stop legitimately cuts a tool call's JSON mid-way (OpenAI does the same).
  if (state.finishReason === 'length') return;
  state.toolCalls.forEach((call, toolIndex) => {
    try {
      JSON.parse(call.arguments);
    } catch {
      throw new Error(`tool call ${toolIndex}: arguments are not JSON: ${call.arguments}`);
    }
  });
}

/**
 * Validates the frames an OpenAI client would receive (before `[DONE]`). A final
 * `{error: {...}}` payload is allowed instead of the normal ending.
 */
export function validateOpenAIChunkStream(chunks: unknown[], options: { includeUsage: boolean }): void {
  const state: ValidatorState = { identity: undefined, sawRole: false, finishReason: undefined, sawUsage: false, toolCalls: [] };
  for (const [index, chunk] of chunks.entries()) {
    if (!isRecord(chunk)) fail(index, 'not an object');
    if ('error' in chunk) {
      if (!isRecord(chunk['error']) || typeof chunk['error']['message'] !== 'string') fail(index, 'malformed error payload');
      if (index !== chunks.length - 1) fail(index, 'frames after the error payload');
      return;
    }
    checkIdentity(state, chunk, index);
    if (Array.isArray(chunk['choices']) && chunk['choices'].length === 0) checkUsageChunk(state, chunk, index);
    else checkChoiceChunk(state, chunk, index);
  }
  if (state.finishReason === undefined) throw new Error('no chunk with a finish_reason');
  if (state.sawUsage !== options.includeUsage) throw new Error(`usage chunk ${state.sawUsage ? 'present' : 'missing'} but includeUsage is ${options.includeUsage}`);
  checkToolArguments(state);
}
