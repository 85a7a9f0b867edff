/**
 * Anthropic Messages stream events -> OpenAI Responses stream events, the grammar Codex accepts
 * (test/support/responses-stream-validator.ts, strict): `response.created`, `response.in_progress`,
 * then one output item at a time — a `reasoning` item per thinking block (its text as the
 * summary, its signature as `encrypted_content`), a `message` item for a run of text blocks (one
 * content part each), a `function_call` (or `custom_tool_call`) per tool call, a
 * `web_search_call` per server search — and exactly one terminal event: `response.completed`,
 * `response.incomplete` (the token limit) or `response.failed`. Every event carries the next
 * `sequence_number`. Each pushed event yields its events at once; the one exception is a custom
 * tool's input, which arrives as JSON fragments of `{"input": "..."}` and is given whole when
 * its block ends. Pure state machine: `push`, `fail`, `finish`.
 */
import { UpstreamProtocolError, type ProxyError } from '../../errors/proxy-error.js';
import { mapAnthropicErrorToProxyError } from '../../protocols/anthropic/map-anthropic-error.js';
import type { AnthropicStreamEvent, AnthropicStopReason, AnthropicUsage } from '../../protocols/anthropic/types.js';
import type { ResponsesOutputItem, ResponsesResponse, ResponsesStatus, ResponsesStreamEvent, ResponsesUsage } from '../../protocols/openai-responses/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { ResponsesToolMap } from './convert-tools.js';
import { encodeRedactedThinking } from './reasoning-content.js';
import { codeOfAnthropicError, codeOfProxyError, failureMessageOf } from './responses-error-codes.js';
import { responseObject, type ResponsesEcho } from './responses-object.js';
import { customInputOf, queryOf } from './tool-input-json.js';

export type { ResponsesEcho };

/** An event before its sequence number (distributed over the union). */
type Unnumbered<Event> = Event extends unknown ? Omit<Event, 'sequence_number'> : never;

type OpenItem =
  | { kind: 'message'; id: string; outputIndex: number; parts: string[]; partOpen: boolean }
  | { kind: 'reasoning'; id: string; outputIndex: number; text: string; signature: string; partOpen: boolean; redacted?: string }
  | { kind: 'function_call'; id: string; outputIndex: number; callId: string; name: string; namespace?: string; arguments: string }
  | { kind: 'custom_tool_call'; id: string; outputIndex: number; callId: string; name: string; json: string }
  | { kind: 'web_search_call'; id: string; outputIndex: number; json: string };

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
        this.addUsage(event.message.usage);
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
        this.addUsage(event.usage);
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

  private addUsage(usage: Partial<AnthropicUsage> | undefined): void {
    if (!usage) return;
    for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
      const value = usage[key];
      // message_delta's counts are totals so far, not increments.
      if (typeof value === 'number') (this.usage as unknown as Record<string, number>)[key] = value;
    }
  }

  private responsesUsage(): ResponsesUsage {
    const cached = this.usage.cache_read_input_tokens ?? 0;
    const input = this.usage.input_tokens + cached + (this.usage.cache_creation_input_tokens ?? 0);
    return {
      input_tokens: input,
      input_tokens_details: { cached_tokens: cached },
      output_tokens: this.usage.output_tokens,
      // Anthropic counts thinking inside output_tokens without a separate figure.
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + this.usage.output_tokens,
    };
  }

  private blockStart(index: number, block: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'], out: ResponsesStreamEvent[]): void {
    switch (block.type) {
      case 'text': {
        const message = this.open?.kind === 'message' ? this.open : this.openItem(out, { kind: 'message', id: this.context.newId('msg_'), outputIndex: 0, parts: [], partOpen: false });
        const contentIndex = message.parts.length;
        message.parts.push(block.text);
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
        if (client?.kind === 'custom') {
          this.openItem(out, { kind: 'custom_tool_call', id: this.context.newId('ctc_'), outputIndex: 0, callId: block.id, name: client.name, json: '' });
          this.blockKinds.set(index, 'custom_tool_call');
        } else {
          this.openItem(out, { kind: 'function_call', id: this.context.newId('fc_'), outputIndex: 0, callId: block.id, name: client?.name ?? block.name, ...(client?.kind === 'function' && client.namespace ? { namespace: client.namespace } : {}), arguments: '' });
          this.blockKinds.set(index, 'function_call');
        }
        return;
      }
      case 'server_tool_use':
        this.closeOpen(out);
        this.openItem(out, { kind: 'web_search_call', id: this.context.newId('ws_'), outputIndex: 0, json: '' });
        this.blockKinds.set(index, 'web_search_call');
        return;
      default:
        // web_search_tool_result: the pages are cited in the text that follows.
        this.blockKinds.set(index, 'ignored');
    }
  }

  private blockDelta(index: number, delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta'], out: ResponsesStreamEvent[]): void {
    const open = this.open;
    const kind = this.blockKinds.get(index);
    if (!open || kind === undefined || kind === 'ignored' || kind !== open.kind) {
      if (kind !== 'ignored') this.warnings.push({ code: 'orphan_delta', message: `A delta for block ${index} came outside that block; ignored.` });
      return;
    }
    if (open.kind === 'message' && delta.type === 'text_delta') {
      open.parts[open.parts.length - 1] += delta.text;
      if (delta.text !== '') this.emit(out, { type: 'response.output_text.delta', item_id: open.id, output_index: open.outputIndex, content_index: open.parts.length - 1, delta: delta.text, logprobs: [] });
    } else if (open.kind === 'reasoning' && delta.type === 'thinking_delta') {
      this.reasoningDelta(open, delta.thinking, out);
    } else if (open.kind === 'reasoning' && delta.type === 'signature_delta') {
      open.signature += delta.signature;
    } else if (open.kind === 'function_call' && delta.type === 'input_json_delta') {
      open.arguments += delta.partial_json;
      if (delta.partial_json !== '') this.emit(out, { type: 'response.function_call_arguments.delta', item_id: open.id, output_index: open.outputIndex, delta: delta.partial_json });
    } else if ((open.kind === 'custom_tool_call' || open.kind === 'web_search_call') && delta.type === 'input_json_delta') {
      open.json += delta.partial_json;
    } else if (delta.type === 'citations_delta') {
      // Annotations of output text: not carried yet (a warning says so once per stream).
      if (!this.warnings.some((warning) => warning.code === 'dropped_field' && warning.field === 'citations')) {
        this.warnings.push({ code: 'dropped_field', message: 'Citations are not carried into Responses annotations.', field: 'citations' });
      }
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
    this.closeOpen(out);
  }

  private openItem<Item extends OpenItem>(out: ResponsesStreamEvent[], item: Item): Item {
    this.closeOpen(out);
    item.outputIndex = this.output.length;
    this.open = item;
    this.emit(out, { type: 'response.output_item.added', output_index: item.outputIndex, item: this.itemOf(item, 'in_progress') });
    return item;
  }

  private closePart(message: Extract<OpenItem, { kind: 'message' }>, out: ResponsesStreamEvent[]): void {
    if (!message.partOpen) return;
    message.partOpen = false;
    const contentIndex = message.parts.length - 1;
    const text = message.parts[contentIndex]!;
    this.emit(out, { type: 'response.output_text.done', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, text, logprobs: [] });
    this.emit(out, { type: 'response.content_part.done', item_id: message.id, output_index: message.outputIndex, content_index: contentIndex, part: { type: 'output_text', text, annotations: [] } });
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
        break;
    }
    const item = this.itemOf(open, 'completed');
    this.output.push(item);
    this.emit(out, { type: 'response.output_item.done', output_index: open.outputIndex, item });
    this.open = undefined;
  }

  private itemOf(item: OpenItem, status: 'in_progress' | 'completed'): ResponsesOutputItem {
    switch (item.kind) {
      case 'message':
        return {
          type: 'message',
          id: item.id,
          role: 'assistant',
          status,
          content: status === 'in_progress' ? [] : item.parts.map((text) => ({ type: 'output_text' as const, text, annotations: [] })),
        };
      case 'reasoning':
        return {
          type: 'reasoning',
          id: item.id,
          summary: status === 'completed' && item.text !== '' ? [{ type: 'summary_text', text: item.text }] : [],
          ...(status === 'completed' ? { encrypted_content: item.redacted !== undefined ? encodeRedactedThinking(item.redacted) : item.signature } : {}),
        };
      case 'function_call':
        return { type: 'function_call', id: item.id, call_id: item.callId, name: item.name, ...(item.namespace ? { namespace: item.namespace } : {}), arguments: status === 'completed' ? item.arguments : '', status };
      case 'custom_tool_call':
        return { type: 'custom_tool_call', id: item.id, call_id: item.callId, name: item.name, input: status === 'completed' ? item.json : '', status };
      case 'web_search_call': {
        const query = status === 'completed' ? queryOf(item.json) : undefined;
        return { type: 'web_search_call', id: item.id, status, ...(query !== undefined ? { action: { type: 'search', query } } : {}) } as unknown as ResponsesOutputItem;
      }
    }
  }

  private complete(out: ResponsesStreamEvent[]): void {
    this.closeOpen(out);
    const incomplete = this.stopReason === 'max_tokens' || this.stopReason === 'model_context_window_exceeded';
    const status: ResponsesStatus = incomplete ? 'incomplete' : 'completed';
    const response = this.response(status, {
      usage: this.responsesUsage(),
      ...(incomplete ? { incomplete_details: { reason: 'max_output_tokens' } } : {}),
    });
    this.emit(out, { type: incomplete ? 'response.incomplete' : 'response.completed', response });
    this.final = response;
    this.phase = 'done';
  }

  private failWith(code: string, message: string, out: ResponsesStreamEvent[]): void {
    // Items left open stay unfinished: the response failed, Codex records none of them.
    this.open = undefined;
    const response = this.response('failed', { error: { code, message }, usage: this.responsesUsage() });
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
