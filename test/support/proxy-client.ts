import type { AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import { SseDecoder, type SseEvent } from '../../src/sse/sse-decoder.js';

/** An answer of the proxy, read whole. */
export interface ProxyAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A minimal valid Anthropic Messages request; `stream` as asked. */
export function messagesRequest(stream: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'claude-sonnet-4-5', max_tokens: 64, stream, messages: [{ role: 'user', content: 'hi' }], ...extra };
}

/** POSTs a JSON (or raw string) body and reads the whole answer, bounded by `timeoutMs`. */
export async function postToProxy(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs?: number; path?: string } = {},
): Promise<ProxyAnswer> {
  const response = await fetch(`${url}${options.path ?? '/v1/messages'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'client-key', ...options.headers },
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Decodes a whole SSE body into its events. */
export function sseEventsOf(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const decoder = new SseDecoder({ onEvent: (event) => events.push(event) });
  decoder.push(text);
  decoder.end();
  return events;
}

/** The Anthropic stream events of an SSE body; checks each frame's `event:` names its type. */
export function anthropicEventsOf(text: string): AnthropicStreamEvent[] {
  return sseEventsOf(text).map(({ event, data }) => {
    const parsed = JSON.parse(data) as AnthropicStreamEvent;
    if (parsed.type !== event) throw new Error(`frame "event: ${String(event)}" carries a ${parsed.type} event`);
    return parsed;
  });
}

/** The Anthropic error envelope of a non-streaming error answer. */
export function anthropicErrorOf(answer: ProxyAnswer): { type: string; message: string } {
  const parsed = JSON.parse(answer.text) as { type?: unknown; error?: { type: string; message: string } };
  if (parsed.type !== 'error' || !parsed.error) throw new Error(`not an Anthropic error envelope: ${answer.text.slice(0, 300)}`);
  return parsed.error;
}
