/**
 * Anthropic Messages stream events -> OpenAI Responses stream events, the grammar Codex accepts
 * (test/support/responses-stream-validator.ts, strict): `response.created`, `response.in_progress`,
 * then one output item at a time — a `reasoning` item per thinking block (its text as the
 * summary, its signature as `encrypted_content`), a `message` item for a run of text blocks (one
 * content part each, its web citations as `url_citation` annotations), a `function_call` (or
 * `custom_tool_call`, `tool_search_call`) per tool call, a `web_search_call` per server search
 * (from its `server_tool_use` to its result, with the `web_search_call.in_progress` /
 * `.searching` / `.completed` events and the pages found as `action.sources`) — and exactly one
 * terminal event: `response.completed`, `response.incomplete` (the token limit) or
 * `response.failed`. Every event carries the next `sequence_number`. Each pushed event yields its
 * events at once; the exceptions wait for their block's end: a custom tool's input (JSON
 * fragments of `{"input": "..."}`, given whole) and a part's annotations (their indexes need the
 * part's whole text). Pure state machine: `push`, `fail`, `finish`.
 */
import { UpstreamProtocolError, type ProxyError } from '../../errors/proxy-error.js';
import { mapAnthropicErrorToProxyError } from '../../protocols/anthropic/map-anthropic-error.js';
import type { AnthropicStreamEvent, AnthropicStopReason, AnthropicUsage } from '../../protocols/anthropic/types.js';
import type { ResponsesOutputItem, ResponsesResponse, ResponsesStatus, ResponsesStreamEvent } from '../../protocols/openai-responses/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { ResponsesToolMap } from './convert-tools.js';
import { codeOfAnthropicError, codeOfProxyError, failureMessageOf } from './responses-error-codes.js';
import { responseObject, type ResponsesEcho } from './responses-object.js';
import { responsesUsageOf, takeAnthropicUsage } from './responses-usage.js';
import { outputItemOf, type OpenItem, type WebSearchItem } from './stream-items.js';
import { customInputOf } from './tool-input-json.js';
import { citedPageOf, urlCitationsOf } from './url-citations.js';

export type { ResponsesEcho };

/** An event before its sequence number (distributed over the union). */
type Unnumbered<Event> = Event extends unknown ? Omit<Event, 'sequence_number'> : never;

type ContentBlockStart = Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'];

export class AnthropicToResponsesStreamTranslator {
  phase: 'start' | 'streaming' | 'done' = 'start';
  readonly warnings: TranslationWarning[] = [];
  /** The finished response, once the terminal event went out. */
  final: ResponsesResponse | undefined;
  /**
   * Why the stream failed. Before the first event (nothing written yet) a failure yields no
   * events: the relay answers with a real HTTP error instead, which the client (and the
   * gateway's retries and fallbacks) understand.
   */
  failure: ProxyError | undefined;
  usage: AnthropicUsage = { input_tokens: 0, output_tokens: 0 };

  private sequence = 0;
  private readonly id: string;
  private readonly createdAt: number;
  private readonly output: ResponsesOutputItem[] = [];
  private open: OpenItem | undefined;
  private stopReason: AnthropicStopReason | null = null;
  /** Anthropic block index -> what it became (a block of a message run shares the run's item). */
  private blockKinds = new Map<number, OpenItem['kind'] | 'ignored'>();

  constructor(
    private readonly context: TranslationContext,
    private readonly echo: ResponsesEcho,
    private readonly toolMap: ResponsesToolMap,
    private readonly backendLabel = 'the backend',
  ) {
    this.id = context.newId('resp_');
    this.createdAt = context.now();
  }

  get isDone(): boolean {
    return this.phase === 'done';
  }

  push(event: AnthropicStreamEvent): ResponsesStreamEvent[] {
    if (this.phase === 'done') return [];
    const out: ResponsesStreamEvent[] = [];
    switch (event.type) {
      case 'message_start':
        takeAnthropicUsage(this.usage, event.message.usage);
        this.start(out);
        break;
      case 'content_block_start':
        this.start(out);
        this.blockStart(event.index, event.content_block, out);
        break;
      case 'content_block_delta':
        this.blockDelta(event.index, event.delta, out);
        break;
      case 'content_block_stop':
        this.blockStop(event.index, out);
        break;
      case 'message_delta':
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        takeAnthropicUsage(this.usage, event.usage);
        break;
      case 'message_stop':
        this.start(out);
        this.complete(out);
        break;
      case 'error': {
        const error = mapAnthropicErrorToProxyError(0, { type: 'error', error: event.error }, {}, this.backendLabel);
        if (this.phase === 'start') return this.failEarly(error);
        this.failWith(codeOfAnthropicError(event.error.type, event.error.message), event.error.message, out);
        this.failure = error;
        break;
      }
      case 'ping':
        break;
      default:
        this.warnings.push({ code: 'unknown_event', message: `Stream event ${(event as { type: string }).type} ignored.` });
    }
    return out;
  }

  /** The upstream failed (connection, timeout, garbage): `response.failed`. */
  fail(error: ProxyError): ResponsesStreamEvent[] {
    if (this.phase === 'done') return [];
    if (this.phase === 'start') return this.failEarly(error);
    const out: ResponsesStreamEvent[] = [];
    this.failWith(codeOfProxyError(error), failureMessageOf(error), out);
    this.failure = error;
    return out;
  }

  private failEarly(error: ProxyError): ResponsesStreamEvent[] {
    this.failure = error;
    this.phase = 'done';
    return [];
  }

  /**
   * The upstream body ended. After `message_delta` gave the stop reason the answer is whole (only
   * `message_stop`'s framing is missing); before it, the stream stopped early: `response.failed`.
   */
  finish(): ResponsesStreamEvent[] {
    if (this.phase === 'done') return [];
    const error = new UpstreamProtocolError(`Backend ${this.backendLabel} ended its stream before the answer was complete.`);
    if (this.phase === 'start') return this.failEarly(error);
    const out: ResponsesStreamEvent[] = [];
    if (this.stopReason !== null) {
      this.complete(out);
      return out;
    }
    this.failWith('server_error', error.message, out);
    this.failure = error;
    return out;
  }

  /** Numbers `event` in place (every caller hands over a fresh object) and appends it. */
  private emit(out: ResponsesStreamEvent[], event: Unnumbered<ResponsesStreamEvent>): void {
    // The number goes last, as a copy with it would put it; copying each event cost more than making it.
    const numbered = event as ResponsesStreamEvent;
    numbered.sequence_number = this.sequence++;
    out.push(numbered);
  }

  private response(status: ResponsesStatus, extra: Partial<ResponsesResponse> = {}): ResponsesResponse {
    return responseObject({ id: this.id, createdAt: this.createdAt, status, echo: this.echo, output: status === 'in_progress' ? [] : [...this.output], extra });
  }

  private start(out: ResponsesStreamEvent[]): void {
    if (this.phase !== 'start') return;
    this.phase = 'streaming';
    this.emit(out, { type: 'response.created', response: this.response('in_progress') });
    this.emit(out, { type: 'response.in_progress', response: this.response('in_progress') });
  }

  private blockStart(index: number, block: ContentBlockStart, out: ResponsesStreamEvent[]): void {
    switch (block.type) {
      case 'text': {
        const message = this.open?.kind === 'message' ? this.open : this.openItem(out, { kind: 'message', id: this.context.newId('msg_'), outputIndex: 0, parts: [], partOpen: false });
        const contentIndex = message.parts.length;
        message.parts.push({ text: block.text, pages: [], annotations: [] });
        message.partOpen = true;
        this.emit(out, { type: 'response.content_part.added', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, part: { type: 'output_text', text: '', annotations: [] } });
        if (block.text !== '') this.emit(out, { type: 'response.output_text.delta', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, delta: block.text, logprobs: [] });
        this.blockKinds.set(index, 'message');
        return;
      }
      case 'thinking':
      case 'redacted_thinking': {
        this.closeOpen(out);
        const reasoning: OpenItem = { kind: 'reasoning', id: this.context.newId('rs_'), outputIndex: 0, text: '', signature: block.type === 'thinking' ? block.signature ?? '' : '', partOpen: false, ...(block.type === 'redacted_thinking' ? { redacted: block.data } : {}) };
        this.openItem(out, reasoning);
        if (block.type === 'thinking' && block.thinking !== '') this.reasoningDelta(reasoning, block.thinking, out);
        this.blockKinds.set(index, 'reasoning');
        return;
      }
      case 'tool_use': {
        this.closeOpen(out);
        const client = this.toolMap.toClient.get(block.name);
        if (client?.kind === 'tool_search') {
          this.openItem(out, { kind: 'tool_search_call', id: this.context.newId('tsc_'), outputIndex: 0, callId: block.id, json: '' });
          this.blockKinds.set(index, 'tool_search_call');
        } else if (client?.kind === 'custom') {
          this.openItem(out, { kind: 'custom_tool_call', id: this.context.newId('ctc_'), outputIndex: 0, callId: block.id, name: client.name, json: '' });
          this.blockKinds.set(index, 'custom_tool_call');
        } else {
          this.openItem(out, { kind: 'function_call', id: this.context.newId('fc_'), outputIndex: 0, callId: block.id, name: client?.name ?? block.name, ...(client?.kind === 'function' && client.namespace ? { namespace: client.namespace } : {}), arguments: '' });
          this.blockKinds.set(index, 'function_call');
        }
        return;
      }
      case 'server_tool_use':
        this.serverToolUse(index, block, out);
        return;
      case 'web_search_tool_result':
        this.blockKinds.set(index, 'ignored');
        this.webSearchResult(block, out);
        return;
      default:
        this.blockKinds.set(index, 'ignored');
    }
  }

  /** A server web search opens its item; other server tools (web fetch, code execution) have no Responses item here. */
  private serverToolUse(index: number, block: Extract<ContentBlockStart, { type: 'server_tool_use' }>, out: ResponsesStreamEvent[]): void {
    if (block.name !== 'web_search') {
      this.blockKinds.set(index, 'ignored');
      this.warnings.push({ code: 'dropped_block', message: `The server tool call ${String(block.name)} has no Responses item here; left out.` });
      return;
    }
    const item = this.openItem(out, { kind: 'web_search_call', id: this.context.newId('ws_'), outputIndex: 0, json: '', searching: false, failed: false });
    this.emit(out, { type: 'response.web_search_call.in_progress', item_id: item.id, output_index: item.outputIndex });
    this.blockKinds.set(index, 'web_search_call');
  }

  /** The search's result (started whole): the pages found, and the search item is done. */
  private webSearchResult(block: Extract<ContentBlockStart, { type: 'web_search_tool_result' }>, out: ResponsesStreamEvent[]): void {
    const open = this.open;
    if (open?.kind !== 'web_search_call') return;
    const content: unknown = block.content;
    if (Array.isArray(content)) {
      open.sources = content.flatMap((result) => (typeof (result as { url?: unknown }).url === 'string' ? [(result as { url: string }).url] : []));
    } else {
      // `{type: "web_search_tool_result_error", error_code}`: the search failed.
      open.failed = true;
    }
    this.closeOpen(out);
  }

  private searching(item: WebSearchItem, out: ResponsesStreamEvent[]): void {
    if (item.searching) return;
    item.searching = true;
    this.emit(out, { type: 'response.web_search_call.searching', item_id: item.id, output_index: item.outputIndex });
  }

  private blockDelta(index: number, delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta'], out: ResponsesStreamEvent[]): void {
    const open = this.open;
    const kind = this.blockKinds.get(index);
    if (!open || kind === undefined || kind === 'ignored' || kind !== open.kind) {
      if (kind !== 'ignored') this.warnings.push({ code: 'orphan_delta', message: `A delta for block ${index} came outside that block; ignored.` });
      return;
    }
    if (open.kind === 'message' && delta.type === 'text_delta') {
      open.parts[open.parts.length - 1]!.text += delta.text;
      if (delta.text !== '') this.emit(out, { type: 'response.output_text.delta', item_id: open.id, output_index: open.outputIndex, content_index: open.parts.length - 1, delta: delta.text, logprobs: [] });
    } else if (open.kind === 'reasoning' && delta.type === 'thinking_delta') {
      this.reasoningDelta(open, delta.thinking, out);
    } else if (open.kind === 'reasoning' && delta.type === 'signature_delta') {
      open.signature += delta.signature;
    } else if (open.kind === 'function_call' && delta.type === 'input_json_delta') {
      open.arguments += delta.partial_json;
      if (delta.partial_json !== '') this.emit(out, { type: 'response.function_call_arguments.delta', item_id: open.id, output_index: open.outputIndex, delta: delta.partial_json });
    } else if ((open.kind === 'custom_tool_call' || open.kind === 'tool_search_call' || open.kind === 'web_search_call') && delta.type === 'input_json_delta') {
      open.json += delta.partial_json;
    } else if (open.kind === 'message' && delta.type === 'citations_delta') {
      this.cite(open, delta.citation);
    }
  }

  private cite(message: Extract<OpenItem, { kind: 'message' }>, citation: unknown): void {
    const page = citedPageOf(citation);
    if (page !== undefined) {
      message.parts[message.parts.length - 1]!.pages.push(page);
      return;
    }
    // Citations of documents and search results name no URL: Responses' other annotations (files) do not fit them.
    if (!this.warnings.some((warning) => warning.code === 'dropped_field' && warning.field === 'citations')) {
      this.warnings.push({ code: 'dropped_field', message: 'Citations of documents (not web pages) are not carried into Responses annotations.', field: 'citations' });
    }
  }

  private reasoningDelta(reasoning: Extract<OpenItem, { kind: 'reasoning' }>, text: string, out: ResponsesStreamEvent[]): void {
    if (text === '') return;
    if (!reasoning.partOpen) {
      reasoning.partOpen = true;
      this.emit(out, { type: 'response.reasoning_summary_part.added', item_id: reasoning.id, output_index: reasoning.outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    reasoning.text += text;
    this.emit(out, { type: 'response.reasoning_summary_text.delta', item_id: reasoning.id, output_index: reasoning.outputIndex, summary_index: 0, delta: text });
  }

  private blockStop(index: number, out: ResponsesStreamEvent[]): void {
    const kind = this.blockKinds.get(index);
    const open = this.open;
    if (!open || kind !== open.kind) return;
    if (open.kind === 'message') {
      // The part ends; the message item stays open for the next text block of the run.
      this.closePart(open, out);
      return;
    }
    // The query is whole; the item stays open for the result block that follows.
    if (open.kind === 'web_search_call') return this.searching(open, out);
    this.closeOpen(out);
  }

  private openItem<Item extends OpenItem>(out: ResponsesStreamEvent[], item: Item): Item {
    this.closeOpen(out);
    item.outputIndex = this.output.length;
    this.open = item;
    this.emit(out, { type: 'response.output_item.added', output_index: item.outputIndex, item: outputItemOf(item, 'in_progress') });
    return item;
  }

  private closePart(message: Extract<OpenItem, { kind: 'message' }>, out: ResponsesStreamEvent[]): void {
    if (!message.partOpen) return;
    message.partOpen = false;
    const contentIndex = message.parts.length - 1;
    const part = message.parts[contentIndex]!;
    const { text } = part;
    part.annotations = urlCitationsOf(text, part.pages);
    part.annotations.forEach((annotation, annotationIndex) => {
      this.emit(out, { type: 'response.output_text.annotation.added', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, annotation_index: annotationIndex, annotation });
    });
    this.emit(out, { type: 'response.output_text.done', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, text, logprobs: [] });
    this.emit(out, { type: 'response.content_part.done', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, part: { type: 'output_text', text, annotations: part.annotations } });
  }

  private closeOpen(out: ResponsesStreamEvent[]): void {
    const open = this.open;
    if (!open) return;
    switch (open.kind) {
      case 'message':
        this.closePart(open, out);
        break;
      case 'reasoning':
        if (open.partOpen) {
          this.emit(out, { type: 'response.reasoning_summary_text.done', item_id: open.id, output_index: open.outputIndex, summary_index: 0, text: open.text });
          this.emit(out, { type: 'response.reasoning_summary_part.done', item_id: open.id, output_index: open.outputIndex, summary_index: 0, part: { type: 'summary_text', text: open.text } });
        }
        break;
      case 'function_call':
        this.emit(out, { type: 'response.function_call_arguments.done', item_id: open.id, output_index: open.outputIndex, arguments: open.arguments });
        break;
      case 'custom_tool_call': {
        const input = customInputOf(open.json);
        if (input === undefined) this.warnings.push({ code: 'invalid_tool_arguments', message: `The custom tool call ${open.name} came without a string input; sent empty.`, field: open.name });
        if (input) this.emit(out, { type: 'response.custom_tool_call_input.delta', item_id: open.id, output_index: open.outputIndex, delta: input });
        this.emit(out, { type: 'response.custom_tool_call_input.done', item_id: open.id, output_index: open.outputIndex, input: input ?? '' });
        open.json = input ?? '';
        break;
      }
      case 'web_search_call':
        this.searching(open, out);
        if (!open.failed) this.emit(out, { type: 'response.web_search_call.completed', item_id: open.id, output_index: open.outputIndex });
        break;
      case 'tool_search_call':
        break;
    }
    const item = outputItemOf(open, 'completed');
    this.output.push(item);
    this.emit(out, { type: 'response.output_item.done', output_index: open.outputIndex, item });
    this.open = undefined;
  }

  private complete(out: ResponsesStreamEvent[]): void {
    this.closeOpen(out);
    const incomplete = this.stopReason === 'max_tokens' || this.stopReason === 'model_context_window_exceeded';
    const status: ResponsesStatus = incomplete ? 'incomplete' : 'completed';
    const response = this.response(status, {
      usage: responsesUsageOf(this.usage),
      ...(incomplete ? { incomplete_details: { reason: 'max_output_tokens' } } : {}),
    });
    this.emit(out, { type: incomplete ? 'response.incomplete' : 'response.completed', response });
    this.final = response;
    this.phase = 'done';
  }

  private failWith(code: string, message: string, out: ResponsesStreamEvent[]): void {
    // Items left open stay unfinished: the response failed, Codex records none of them.
    this.open = undefined;
    const response = this.response('failed', { error: { code, message }, usage: responsesUsageOf(this.usage) });
    this.emit(out, { type: 'response.failed', response });
    this.final = response;
    this.phase = 'done';
  }
}

export function createAnthropicToResponsesStreamTranslator(
  context: TranslationContext,
  echo: ResponsesEcho,
  toolMap: ResponsesToolMap,
  backendLabel?: string,
): AnthropicToResponsesStreamTranslator {
  return new AnthropicToResponsesStreamTranslator(context, echo, toolMap, backendLabel);
}
