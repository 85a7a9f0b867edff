/**
 * Remote compaction for Codex on any backend. Codex asks for it two ways: `POST
 * /v1/responses/compact`, or a streamed request whose input ends with a `compaction_trigger` item
 * and whose answer must be exactly one output item of type `compaction`. Either way the proxy asks
 * the route's backend for a handoff summary of the conversation and carries that summary
 * statelessly inside the compaction item's `encrypted_content` (`cpxc1.` + base64url JSON); when
 * Codex sends the item back in a later turn, it becomes the summary again (a user message at the
 * item's place). OpenAI's own encrypted compaction items mean nothing to another backend: they
 * are left out with a warning. Pure.
 */
import { decodeBase64UrlJson, encodeBase64UrlJson } from '../base64url-json.js';
import type { ResponsesInputItem, ResponsesOutputItem, ResponsesRequest } from '../../protocols/openai-responses/types.js';

const prefix = 'cpxc1.';

/** The instruction appended to the conversation to get the summary. */
export const COMPACTION_PROMPT = [
  'Stop here and write a checkpoint of this conversation for whoever continues the work: another',
  'assistant who sees only your summary and the user\'s messages, not the conversation itself.',
  'Write it as a handoff, in plain text: the goal and the user\'s requirements and preferences;',
  'what has been done (files changed, commands run and their results, decisions and why);',
  'the current state; open problems and errors still unresolved; and the exact next steps.',
  'Keep names, paths, identifiers and numbers exact. Do not call tools; answer with the summary only.',
].join(' ');

/** What a later turn sees in place of the compaction item. */
export const SUMMARY_HEADING = '[Checkpoint: a summary of the conversation before this point, written when it was compacted]';

export function isCompactionTrigger(item: ResponsesInputItem | undefined): boolean {
  return item !== undefined && item.type === 'compaction_trigger';
}

/** True when the request asks for a compaction (its input ends with `compaction_trigger`). */
export function asksForCompaction(request: ResponsesRequest): boolean {
  return Array.isArray(request.input) && isCompactionTrigger(request.input.at(-1));
}

/**
 * The request that gets the summary: the conversation without the trigger, then the instruction;
 * tools stay declared (earlier turns' calls refer to them) but none may be called; no stream.
 */
export function summaryRequestOf(request: ResponsesRequest): ResponsesRequest {
  const history = typeof request.input === 'string' ? [{ role: 'user' as const, content: request.input }] : request.input.filter((item) => !isCompactionTrigger(item));
  const { previous_response_id: _previous, store: _store, ...rest } = request;
  return {
    ...rest,
    input: [...history, { type: 'message', role: 'user', content: [{ type: 'input_text', text: COMPACTION_PROMPT }] }],
    tool_choice: 'none',
    stream: false,
    text: { format: { type: 'text' } },
  };
}

export function compactionItemOf(summary: string, id: string): Extract<ResponsesOutputItem, { type: 'compaction' }> {
  return { type: 'compaction', id, encrypted_content: prefix + encodeBase64UrlJson({ summary }) };
}

/** The summary a compaction item carries; undefined for items that are not the proxy's (OpenAI's own). */
export function summaryOfCompactionItem(item: ResponsesInputItem): string | undefined {
  const encrypted = (item as { encrypted_content?: unknown }).encrypted_content;
  if (typeof encrypted !== 'string' || !encrypted.startsWith(prefix)) return undefined;
  const decoded = decodeBase64UrlJson(encrypted.slice(prefix.length)) as { summary?: unknown } | undefined;
  return typeof decoded?.summary === 'string' ? decoded.summary : undefined;
}

/**
 * What `/v1/responses/compact` answers: the user's own messages as they were (what OpenAI's
 * endpoint keeps), then the compaction item that stands for everything else.
 */
export function compactedOutputOf(request: ResponsesRequest, item: ResponsesOutputItem): unknown[] {
  const input = typeof request.input === 'string' ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: request.input }] }] : request.input;
  const userMessages = input.filter((entry) => (entry.type === undefined || entry.type === 'message') && (entry as { role?: unknown }).role === 'user');
  return [...userMessages, item];
}
