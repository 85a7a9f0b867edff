import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { RAW_ARGUMENTS_KEY } from './convert-response.js';
import { closingSuffixForJson, parseToolArguments } from './repair-tool-arguments.js';
import { failStream } from './stream-failure.js';
import type { StreamScope, ToolCallState } from './stream-state.js';

/**
 * A tool call's arguments on their way to the client. Each call's text reaches the client whole
 * or not at all: what is forwarded stays a prefix of one JSON object (the Anthropic SDK fails
 * the whole stream on input it cannot parse), and what the non-streaming path would repair is
 * repaired the same way at the end. A call whose input would come out different from what the
 * backend sent (a cut-off prefix) ends the stream with an error instead; only after
 * `finish_reason: length` may the input stay unfinished, as on Anthropic's own wire.
 */

function sendDelta(scope: StreamScope, call: ToolCallState, index: number, json: string): void {
  call.sentArguments += json;
  scope.out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json } });
}

function failCall(scope: StreamScope, call: ToolCallState, reason: string): void {
  scope.warnings.push({ code: 'invalid_tool_arguments', message: `Tool call ${call.id} ${reason}.` });
  failStream(scope, new UpstreamProtocolError(`upstream tool call ${call.name} (${call.id}) ${reason}`));
}

/** Fragments for a call whose block is open: forwarded as far as they keep the text a JSON prefix. */
function forwardLive(scope: StreamScope, call: ToolCallState, index: number, fragment: string): void {
  if (call.argumentsBroken) {
    call.withheldArguments += fragment;
    return;
  }
  const valid = call.scanner.accept(fragment);
  if (valid < fragment.length) {
    call.argumentsBroken = true;
    call.withheldArguments = fragment.slice(valid);
    scope.warnings.push({
      code: 'invalid_tool_arguments',
      message: `Tool call ${call.id} arguments stopped being JSON at ${JSON.stringify(fragment.slice(valid, valid + 20))}; the rest was not forwarded.`,
    });
  }
  if (valid > 0) sendDelta(scope, call, index, valid === fragment.length ? fragment : fragment.slice(0, valid));
}

/**
 * Fragments for a call whose block is already closed. After a complete object they are trailing
 * text, which the non-streaming reading cuts too; otherwise the input the client already has is
 * not what the backend sent, and the stream fails.
 */
function receiveLate(scope: StreamScope, call: ToolCallState, fragment: string): void {
  if (fragment.trim() === '') return;
  if (call.scanner.isComplete) {
    scope.warnings.push({ code: 'invalid_tool_arguments', message: `Text after the complete arguments of tool call ${call.id} dropped.` });
    return;
  }
  failCall(scope, call, 'sent more arguments after its input had to be closed (interleaved with other output)');
}

/** Routes one arguments fragment: held until the call's block starts, forwarded while it is open, checked after. */
export function appendToolArguments(scope: StreamScope, call: ToolCallState, fragment: string): void {
  if (fragment === '') return;
  if (call.blockIndex === undefined) {
    call.pendingArguments += fragment;
    return;
  }
  const open = scope.state.open;
  if (open?.type === 'tool_use' && open.call === call) forwardLive(scope, call, open.index, fragment);
  else receiveLate(scope, call, fragment);
}

/**
 * Nothing (but whitespace) was forwarded because the arguments did not start as an object: the
 * whole text is known now and gets the non-streaming reading, one delta with the repaired object
 * (a JSON string holding it, trailing garbage) or with the raw text under `_raw_arguments`.
 */
function sendWholeArguments(scope: StreamScope, call: ToolCallState, index: number): void {
  const text = call.sentArguments + call.withheldArguments;
  const repaired = parseToolArguments(text);
  if (repaired === undefined) {
    scope.warnings.push({ code: 'invalid_tool_arguments', message: `Tool call ${call.id} arguments are not JSON; kept under ${RAW_ARGUMENTS_KEY}.` });
  } else {
    scope.warnings.push({ code: 'repaired_tool_arguments', message: `Tool call ${call.id} arguments were repaired into an object.` });
  }
  sendDelta(scope, call, index, JSON.stringify(repaired?.input ?? { [RAW_ARGUMENTS_KEY]: text }));
}

/**
 * A tool call's block closes: its arguments must now be whole. Unfinished JSON (a model that
 * forgot a brace) gets its closing text, as the non-streaming path would; never after
 * `finish_reason: length`, where "completing" the JSON would run a tool with truncated input.
 */
export function completeToolArguments(scope: StreamScope, call: ToolCallState, index: number): void {
  if (scope.state.finishReason === 'length') return;
  if (call.argumentsBroken) {
    if (call.sentArguments.trim() === '') return sendWholeArguments(scope, call, index);
    if (call.scanner.isComplete) return; // only trailing text was withheld; the non-streaming reading cuts it too
    return failCall(scope, call, 'sent arguments that stopped being JSON in the middle');
  }
  const suffix = closingSuffixForJson(call.sentArguments);
  if (suffix === '') return;
  if (suffix === undefined) return failCall(scope, call, 'sent unfinished arguments that cannot be completed');
  scope.warnings.push({ code: 'repaired_tool_arguments', message: `Tool call ${call.id} arguments were closed with ${suffix}.` });
  sendDelta(scope, call, index, suffix);
}
