/**
 * Grammar check for an OpenAI Responses API event stream. Throws on the first violation with the
 * event's index, so a failing test says where. Two modes:
 * - `strict`: what the proxy must emit for Codex — `sequence_number` from 0 without gaps,
 *   `response.created` then `response.in_progress`, output items in order (indices 0, 1, ...),
 *   the same item id on every event of an item, each `.done` repeating exactly what its deltas
 *   added up to, `response.completed` listing every finished item with usage, and nothing after
 *   the terminal event. Annotations: `output_text.annotation.added` numbered from 0 within its
 *   part, a `url_citation` with a url, a title and a span inside the part's text, and the part's
 *   and item's `.done` listing exactly those. A `web_search_call` item opens `in_progress`, its
 *   `web_search_call.in_progress` / `.searching` / `.completed` events come once each in that
 *   order, and it is done `completed` (with an `action`) only after `.completed`.
 * - `recorded`: what real backends send, as the fixtures show it: recordings without sequence
 *   numbers, abridged ones with gaps, GitHub Copilot's ids that change on every event.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
import { isRecord } from '../../src/json/is-record.js';
import { SseDecoder } from '../../src/sse/sse-decoder.js';

type Json = Record<string, unknown>;

export type ResponsesValidationMode = 'strict' | 'recorded';

export interface ValidatedItem {
  type: string;
  id: unknown;
  /** Message text, call arguments, custom tool input or reasoning summary, as the deltas added up. */
  text: string;
  name?: string;
  /** A message's annotations, part after part (only when it has some). */
  annotations?: unknown[];
}

export interface ValidatedResponsesStream {
  status: 'completed' | 'failed' | 'incomplete';
  items: ValidatedItem[];
  usage: Json | undefined;
  error: unknown;
  eventCount: number;
}

function fail(index: number, message: string): never {
  throw new Error(`event ${index}: ${message}`);
}

const terminalTypes = new Set(['response.completed', 'response.failed', 'response.incomplete']);

interface OpenItem {
  outputIndex: number;
  type: string;
  id: unknown;
  name?: string;
  /** The open content part / summary part, what its deltas added up to, and its annotations. */
  part: { index: number; text: string; annotations: unknown[] } | undefined;
  partsSeen: number;
  text: string;
  /** The annotations of each finished part. */
  partAnnotations: unknown[][];
  /** A web search's progress: 1 in_progress, 2 searching, 3 completed. */
  searchStage: number;
}

const searchStages: Record<string, number> = {
  'response.web_search_call.in_progress': 1,
  'response.web_search_call.searching': 2,
  'response.web_search_call.completed': 3,
};

function codePointLength(text: string): number {
  return Array.from(text).length;
}

class Validator {
  private index = -1;
  private lastSequence: number | undefined;
  /** A recording with events cut out (gaps in sequence_number): `.done` texts are taken as they are. */
  private abridged = false;
  private sequenced: boolean | undefined;
  private responseId: unknown;
  private phase: 'start' | 'created' | 'running' | 'ended' = 'start';
  private open: OpenItem | undefined;
  private lastOutputIndex = -1;
  private readonly items: ValidatedItem[] = [];
  private result: ValidatedResponsesStream | undefined;

  constructor(private readonly mode: ResponsesValidationMode) {}

  push(event: unknown): void {
    const index = ++this.index;
    if (!isRecord(event) || typeof event['type'] !== 'string') fail(index, 'not an object with a string type');
    if (this.phase === 'ended') fail(index, `${event['type']} after the terminal event`);
    this.checkSequence(event, index);
    const type = event['type'];
    if (this.phase === 'start') {
      if (type !== 'response.created') fail(index, `the first event is ${type}, not response.created`);
      this.responseId = this.checkResponse(event, index, 'in_progress');
      this.phase = 'created';
      return;
    }
    if (this.phase === 'created') {
      this.phase = 'running';
      if (type === 'response.in_progress') {
        this.checkResponse(event, index, 'in_progress');
        return;
      }
      if (this.mode === 'strict') fail(index, `${type} right after response.created; response.in_progress must come second`);
    }
    if (terminalTypes.has(type)) return this.finish(event, index);
    if (type === 'error') {
      if (!isRecord(event['error']) && typeof event['message'] !== 'string') fail(index, 'error event without a message');
      return;
    }
    if (type === 'response.output_item.added') return this.addItem(event, index);
    if (type === 'response.output_item.done') return this.closeItem(event, index);
    this.itemEvent(event, index, type);
  }

  end(): ValidatedResponsesStream {
    if (!this.result) fail(this.index + 1, `the stream ended without response.completed, response.failed or response.incomplete (after ${this.index + 1} events)`);
    return this.result;
  }

  private checkSequence(event: Json, index: number): void {
    const sequence = event['sequence_number'];
    const has = typeof sequence === 'number';
    if (this.mode === 'strict' && !has) fail(index, 'no sequence_number');
    this.sequenced ??= has;
    if (this.sequenced !== has) fail(index, 'sequence_number on some events only');
    if (!has) return;
    if (this.mode === 'strict' && sequence !== (this.lastSequence ?? -1) + 1) fail(index, `sequence_number ${sequence} after ${this.lastSequence}`);
    if (this.lastSequence !== undefined && (sequence as number) <= this.lastSequence) fail(index, `sequence_number ${sequence} not above ${this.lastSequence}`);
    if ((sequence as number) !== (this.lastSequence ?? -1) + 1) this.abridged = true;
    this.lastSequence = sequence as number;
  }

  private checkResponse(event: Json, index: number, status: string | undefined): unknown {
    const response = event['response'];
    if (!isRecord(response) || typeof response['id'] !== 'string') fail(index, `${event['type']} without response.id`);
    if (response['object'] !== undefined && response['object'] !== 'response') fail(index, `response.object is ${String(response['object'])}`);
    if (status !== undefined && response['status'] !== status) fail(index, `${event['type']} has status ${String(response['status'])}, not ${status}`);
    if (this.responseId !== undefined && response['id'] !== this.responseId && this.mode === 'strict') fail(index, `response.id changed to ${String(response['id'])}`);
    return response['id'];
  }

  private addItem(event: Json, index: number): void {
    if (this.open) fail(index, `output_item.added while item ${this.open.outputIndex} is still open`);
    const item = event['item'];
    const outputIndex = event['output_index'];
    if (!isRecord(item) || typeof item['type'] !== 'string') fail(index, 'output_item.added without an item type');
    if (typeof outputIndex !== 'number' || outputIndex <= this.lastOutputIndex) fail(index, `output_index ${String(outputIndex)} after ${this.lastOutputIndex}`);
    if (this.mode === 'strict' && outputIndex !== this.lastOutputIndex + 1) fail(index, `output_index ${outputIndex} skips after ${this.lastOutputIndex}`);
    if (this.mode === 'strict' && typeof item['id'] !== 'string') fail(index, 'item without an id');
    if (item['type'] === 'function_call' || item['type'] === 'custom_tool_call') {
      if (typeof item['call_id'] !== 'string' || typeof item['name'] !== 'string') fail(index, `${item['type']} without call_id or name`);
      const start = item['type'] === 'function_call' ? item['arguments'] : item['input'];
      if (start !== undefined && start !== '') fail(index, `${item['type']} opened with content ${JSON.stringify(start)}`);
    }
    if (this.mode === 'strict' && item['type'] === 'web_search_call' && item['status'] !== 'in_progress') fail(index, `web_search_call opened with status ${String(item['status'])}`);
    if (this.mode === 'strict' && item['type'] === 'tool_search_call' && typeof item['call_id'] !== 'string') fail(index, 'tool_search_call without call_id');
    this.lastOutputIndex = outputIndex;
    this.open = { outputIndex, type: item['type'], id: item['id'], ...(typeof item['name'] === 'string' ? { name: item['name'] } : {}), part: undefined, partsSeen: 0, text: '', partAnnotations: [], searchStage: 0 };
  }

  /** The open item this event belongs to, checked by output index and (strict) item id. */
  private owner(event: Json, index: number, type: string, itemType: string): OpenItem {
    const open = this.open;
    if (!open) fail(index, `${type} outside an item`);
    if (event['output_index'] !== open.outputIndex) fail(index, `${type} for output_index ${String(event['output_index'])}, open is ${open.outputIndex}`);
    if (open.type !== itemType) fail(index, `${type} inside a ${open.type} item`);
    if (this.mode === 'strict' && event['item_id'] !== open.id) fail(index, `${type} has item_id ${String(event['item_id'])}, the item is ${String(open.id)}`);
    return open;
  }

  private itemEvent(event: Json, index: number, type: string): void {
    switch (type) {
      case 'response.content_part.added':
      case 'response.reasoning_summary_part.added': {
        const item = this.owner(event, index, type, type === 'response.content_part.added' ? 'message' : 'reasoning');
        const partIndex = type === 'response.content_part.added' ? event['content_index'] : event['summary_index'];
        if (item.part) fail(index, `${type} while part ${item.part.index} is open`);
        if (partIndex !== item.partsSeen) fail(index, `${type} index ${String(partIndex)}, expected ${item.partsSeen}`);
        item.part = { index: partIndex, text: '', annotations: [] };
        return;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.reasoning_summary_text.delta':
        return this.partDelta(event, index, type);
      case 'response.output_text.done':
      case 'response.refusal.done':
      case 'response.reasoning_summary_text.done': {
        const item = this.partOwner(event, index, type);
        const text = type === 'response.refusal.done' ? event['refusal'] : event['text'];
        if (this.abridged && typeof text === 'string') item.part!.text = text;
        if (text !== item.part!.text) fail(index, `${type} text ${JSON.stringify(text)} is not what the deltas added up to (${JSON.stringify(item.part!.text)})`);
        return;
      }
      case 'response.content_part.done':
      case 'response.reasoning_summary_part.done': {
        const item = this.partOwner(event, index, type);
        if (type === 'response.content_part.done') this.checkPartAnnotations(event, index, item);
        item.text += item.part!.text;
        item.part = undefined;
        item.partsSeen++;
        return;
      }
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const item = this.owner(event, index, type, type === 'response.function_call_arguments.delta' ? 'function_call' : 'custom_tool_call');
        if (typeof event['delta'] !== 'string') fail(index, `${type} without a string delta`);
        item.text += event['delta'];
        return;
      }
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        const item = this.owner(event, index, type, type === 'response.function_call_arguments.done' ? 'function_call' : 'custom_tool_call');
        const whole = type === 'response.function_call_arguments.done' ? event['arguments'] : event['input'];
        if (this.abridged && typeof whole === 'string') item.text = whole;
        if (whole !== item.text) fail(index, `${type} ${JSON.stringify(whole)} is not what the deltas added up to (${JSON.stringify(item.text)})`);
        return;
      }
      case 'response.output_text.annotation.added':
        return this.annotation(event, index, type);
      case 'response.web_search_call.in_progress':
      case 'response.web_search_call.searching':
      case 'response.web_search_call.completed': {
        const item = this.owner(event, index, type, 'web_search_call');
        const stage = searchStages[type]!;
        if (this.mode === 'strict' ? stage !== item.searchStage + 1 : stage <= item.searchStage) fail(index, `${type} after stage ${item.searchStage} of the search`);
        item.searchStage = stage;
        return;
      }
      default:
        // Event types of other tools (file_search_call.*, reasoning_text.*): in strict mode the
        // proxy emits none it has not been taught.
        if (this.mode === 'strict') fail(index, `unexpected event type ${type}`);
    }
  }

  private annotation(event: Json, index: number, type: string): void {
    const item = this.partOwner(event, index, type);
    const part = item.part!;
    const annotation = event['annotation'];
    if (!isRecord(annotation) || typeof annotation['type'] !== 'string') fail(index, `${type} without an annotation type`);
    if (this.mode === 'strict') {
      if (event['annotation_index'] !== part.annotations.length) fail(index, `${type} annotation_index ${String(event['annotation_index'])}, expected ${part.annotations.length}`);
      if (annotation['type'] !== 'url_citation') fail(index, `${type} of type ${annotation['type']}`);
      const { url, title, start_index: start, end_index: end } = annotation;
      if (typeof url !== 'string' || url === '' || typeof title !== 'string') fail(index, 'url_citation without a url or title');
      const length = codePointLength(part.text);
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (start as number) > (end as number) || (end as number) > length) {
        fail(index, `url_citation span ${String(start)}..${String(end)} is not inside the part's ${length} characters`);
      }
    }
    part.annotations.push(annotation);
  }

  /** The part's `.done` lists exactly the annotations its events added (strict). */
  private checkPartAnnotations(event: Json, index: number, item: OpenItem): void {
    const collected = item.part!.annotations;
    item.partAnnotations.push(collected);
    const done = isRecord(event['part']) ? event['part']['annotations'] : undefined;
    if (this.mode === 'strict' && JSON.stringify(done ?? []) !== JSON.stringify(collected)) fail(index, `content_part.done annotations ${JSON.stringify(done)} are not the ${collected.length} added`);
  }

  private partOwner(event: Json, index: number, type: string): OpenItem {
    const itemType = type.startsWith('response.reasoning_summary') ? 'reasoning' : 'message';
    const item = this.owner(event, index, type, itemType);
    const partIndex = itemType === 'reasoning' ? event['summary_index'] : event['content_index'];
    if (!item.part || partIndex !== item.part.index) fail(index, `${type} for part ${String(partIndex)}, open is ${String(item.part?.index)}`);
    return item;
  }

  private partDelta(event: Json, index: number, type: string): void {
    const item = this.partOwner(event, index, type);
    if (typeof event['delta'] !== 'string') fail(index, `${type} without a string delta`);
    item.part!.text += event['delta'];
  }

  private closeItem(event: Json, index: number): void {
    const open = this.open;
    const item = event['item'];
    if (!open) fail(index, 'output_item.done without an open item');
    if (!isRecord(item) || item['type'] !== open.type) fail(index, `output_item.done of type ${String(isRecord(item) ? item['type'] : item)}, the open item is ${open.type}`);
    if (event['output_index'] !== open.outputIndex) fail(index, `output_item.done for ${String(event['output_index'])}, open is ${open.outputIndex}`);
    if (open.part) fail(index, `output_item.done while part ${open.part.index} is open`);
    if (this.mode === 'strict') {
      if (item['id'] !== open.id) fail(index, `output_item.done has id ${String(item['id'])}, the item is ${String(open.id)}`);
      const whole = doneText(item);
      if (whole !== undefined && whole !== open.text) fail(index, `output_item.done carries ${JSON.stringify(whole)}, the deltas added up to ${JSON.stringify(open.text)}`);
      this.checkDoneItem(item, index, open);
    }
    const annotations = open.partAnnotations.flat();
    this.items.push({ type: open.type, id: open.id, text: open.text, ...(open.name ? { name: open.name } : {}), ...(annotations.length > 0 ? { annotations } : {}) });
    this.open = undefined;
  }

  /** What a done item says beyond its text: a message's annotations, a search's status and action, a tool search's arguments. */
  private checkDoneItem(item: Json, index: number, open: OpenItem): void {
    if (item['type'] === 'message' && Array.isArray(item['content'])) {
      const listed = JSON.stringify(item['content'].map((part: unknown) => (isRecord(part) ? part['annotations'] ?? [] : [])));
      if (listed !== JSON.stringify(open.partAnnotations)) fail(index, `output_item.done annotations ${listed} are not the ones added`);
    }
    if (item['type'] === 'web_search_call') {
      if (item['status'] === 'completed' && open.searchStage !== 3) fail(index, 'web_search_call done as completed before response.web_search_call.completed');
      if (item['status'] !== 'completed' && item['status'] !== 'failed') fail(index, `web_search_call done with status ${String(item['status'])}`);
      if (item['status'] === 'completed' && (!isRecord(item['action']) || typeof item['action']['type'] !== 'string')) fail(index, 'web_search_call done without an action');
    }
    if (item['type'] === 'tool_search_call' && (!isRecord(item['arguments']) || typeof item['execution'] !== 'string')) fail(index, 'tool_search_call done without arguments or execution');
  }

  private finish(event: Json, index: number): void {
    const type = event['type'] as string;
    const status = type.slice('response.'.length) as ValidatedResponsesStream['status'];
    this.checkResponse(event, index, status);
    const response = event['response'] as Json;
    if (status === 'completed' && this.open) fail(index, `response.completed while item ${this.open.outputIndex} is open`);
    const usage = isRecord(response['usage']) ? response['usage'] : undefined;
    if (this.mode === 'strict' && status === 'completed') {
      if (!usage || typeof usage['input_tokens'] !== 'number' || typeof usage['output_tokens'] !== 'number') fail(index, 'response.completed without usage');
      const output = response['output'];
      if (!Array.isArray(output) || output.length !== this.items.length) fail(index, `response.completed lists ${Array.isArray(output) ? output.length : 'no'} items, the stream finished ${this.items.length}`);
    }
    if (status === 'failed' && !isRecord(response['error'])) fail(index, 'response.failed without response.error');
    this.phase = 'ended';
    this.result = { status, items: this.items, usage, error: response['error'], eventCount: index + 1 };
  }
}

/** What a finished item says its whole text is, to compare with its deltas. */
function doneText(item: Json): string | undefined {
  if (item['type'] === 'function_call') return item['arguments'] as string;
  if (item['type'] === 'custom_tool_call') return item['input'] as string;
  const parts = item['type'] === 'message' ? item['content'] : item['type'] === 'reasoning' ? item['summary'] : undefined;
  if (!Array.isArray(parts)) return undefined;
  return parts.map((part: Json) => String(part['text'] ?? part['refusal'] ?? '')).join('');
}

/** Validates a sequence of parsed events. */
export function validateResponsesEvents(events: readonly unknown[], mode: ResponsesValidationMode = 'strict'): ValidatedResponsesStream {
  const validator = new Validator(mode);
  for (const event of events) validator.push(event);
  return validator.end();
}

/** Decodes SSE bytes (cut at `splits`), checks each frame's `event:` name against its `type`, and validates. */
export function validateResponsesSse(bytes: Uint8Array, mode: ResponsesValidationMode = 'strict', splits: readonly number[] = []): ValidatedResponsesStream {
  const events: unknown[] = [];
  const decoder = new SseDecoder({
    onEvent: ({ event, data }) => {
      const parsed = JSON.parse(data) as Json;
      if (event !== undefined && event !== parsed['type']) throw new Error(`frame event: ${event} carries type ${String(parsed['type'])}`);
      events.push(parsed);
    },
  });
  let start = 0;
  for (const offset of [...splits, bytes.length]) {
    decoder.push(bytes.subarray(start, offset));
    start = offset;
  }
  decoder.end();
  return validateResponsesEvents(events, mode);
}
