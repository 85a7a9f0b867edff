/**
 * The output items the Anthropic -> Responses stream translator has open, and the Responses item
 * each one is when it is added (`in_progress`) and when it is done.
 */
import type { ResponsesOutputItem, ResponsesUrlCitation } from '../../protocols/openai-responses/types.js';
import { encodeRedactedThinking } from './reasoning-content.js';
import { queryOf } from './tool-input-json.js';
import type { CitedPage } from './url-citations.js';

/** One content part of a message item: an Anthropic text block, with the pages it cites. */
export interface MessagePart {
  text: string;
  pages: CitedPage[];
  /** Set when the part is done (the indexes need its whole text). */
  annotations: ResponsesUrlCitation[];
}

export type OpenItem =
  | { kind: 'message'; id: string; outputIndex: number; parts: MessagePart[]; partOpen: boolean }
  | { kind: 'reasoning'; id: string; outputIndex: number; text: string; signature: string; partOpen: boolean; redacted?: string }
  | { kind: 'function_call'; id: string; outputIndex: number; callId: string; name: string; namespace?: string; arguments: string }
  | { kind: 'custom_tool_call'; id: string; outputIndex: number; callId: string; name: string; json: string }
  | { kind: 'tool_search_call'; id: string; outputIndex: number; callId: string; json: string }
  /** Open from the `server_tool_use` block until its `web_search_tool_result` (the pages found) arrives. */
  | { kind: 'web_search_call'; id: string; outputIndex: number; json: string; searching: boolean; sources?: string[]; failed: boolean };

export type WebSearchItem = Extract<OpenItem, { kind: 'web_search_call' }>;

/** A client-executed tool search's arguments (`{query, limit}`): the JSON object the model wrote. */
function searchArgumentsOf(json: string): unknown {
  try {
    return JSON.parse(json === '' ? '{}' : json) as unknown;
  } catch {
    return {};
  }
}

function webSearchItemOf(item: WebSearchItem, status: 'in_progress' | 'completed'): ResponsesOutputItem {
  if (status === 'in_progress') return { type: 'web_search_call', id: item.id, status };
  const query = queryOf(item.json);
  const action = {
    type: 'search' as const,
    ...(query !== undefined ? { query } : {}),
    ...(item.sources !== undefined && item.sources.length > 0 ? { sources: item.sources.map((url) => ({ type: 'url' as const, url })) } : {}),
  };
  return { type: 'web_search_call', id: item.id, status: item.failed ? 'failed' : 'completed', action };
}

/** The Responses item of an open item, as added (`in_progress`: no content yet) or done. */
export function outputItemOf(item: OpenItem, status: 'in_progress' | 'completed'): ResponsesOutputItem {
  const done = status === 'completed';
  switch (item.kind) {
    case 'message':
      return {
        type: 'message',
        id: item.id,
        role: 'assistant',
        status,
        content: done ? item.parts.map((part) => ({ type: 'output_text' as const, text: part.text, annotations: part.annotations })) : [],
      };
    case 'reasoning':
      return {
        type: 'reasoning',
        id: item.id,
        summary: done && item.text !== '' ? [{ type: 'summary_text', text: item.text }] : [],
        ...(done ? { encrypted_content: item.redacted !== undefined ? encodeRedactedThinking(item.redacted) : item.signature } : {}),
      };
    case 'function_call':
      return { type: 'function_call', id: item.id, call_id: item.callId, name: item.name, ...(item.namespace ? { namespace: item.namespace } : {}), arguments: done ? item.arguments : '', status };
    case 'custom_tool_call':
      return { type: 'custom_tool_call', id: item.id, call_id: item.callId, name: item.name, input: done ? item.json : '', status };
    case 'tool_search_call':
      return { type: 'tool_search_call', id: item.id, call_id: item.callId, execution: 'client', arguments: done ? searchArgumentsOf(item.json) : {}, status };
    case 'web_search_call':
      return webSearchItemOf(item, status);
  }
}
