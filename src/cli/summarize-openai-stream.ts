import { SseDecoder } from '../sse/sse-decoder.js';

/** What a Chat Completions stream showed about a model's abilities. */
export interface StreamSummary {
  /** Chunks that parsed as JSON. */
  chunks: number;
  sawDone: boolean;
  finishReason: string | undefined;
  toolNames: string[];
  /** Non-empty `arguments` fragments of the first tool call, in order. */
  argumentFragments: string[];
  reasoning: boolean;
  text: string;
  /** A stream `error` object or a chunk that was not JSON. */
  error: string | undefined;
}

/** Reads an OpenAI SSE body to its end and summarizes it. Pure over the given chunks. */
export async function summarizeOpenAIStream(body: AsyncIterable<Uint8Array | string>): Promise<StreamSummary> {
  const summary: StreamSummary = { chunks: 0, sawDone: false, finishReason: undefined, toolNames: [], argumentFragments: [], reasoning: false, text: '', error: undefined };
  const decoder = new SseDecoder({ onEvent: (event) => absorbEvent(summary, event.data) });
  for await (const chunk of body) decoder.push(chunk);
  decoder.end();
  return summary;
}

function absorbEvent(summary: StreamSummary, data: string): void {
  if (data.trim() === '[DONE]') {
    summary.sawDone = true;
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    summary.error ??= `a chunk is not JSON: ${data.slice(0, 80)}`;
    return;
  }
  summary.chunks++;
  const chunk = parsed as { error?: { message?: unknown }; choices?: unknown };
  if (chunk.error) summary.error ??= typeof chunk.error.message === 'string' ? chunk.error.message : JSON.stringify(chunk.error);
  if (!Array.isArray(chunk.choices)) return;
  for (const choice of chunk.choices as Array<{ delta?: Record<string, unknown>; finish_reason?: unknown }>) {
    if (typeof choice.finish_reason === 'string') summary.finishReason = choice.finish_reason;
    if (choice.delta) absorbDelta(summary, choice.delta);
  }
}

function absorbDelta(summary: StreamSummary, delta: Record<string, unknown>): void {
  if (typeof delta.content === 'string') summary.text += delta.content;
  // DeepSeek/Kimi/GLM: reasoning_content; OpenRouter/Groq/vLLM: reasoning, reasoning_details.
  if (nonEmpty(delta.reasoning_content) || nonEmpty(delta.reasoning) || nonEmpty(delta.reasoning_details)) summary.reasoning = true;
  if (!Array.isArray(delta.tool_calls)) return;
  for (const call of delta.tool_calls as Array<{ index?: unknown; function?: { name?: unknown; arguments?: unknown } }>) {
    const name = call.function?.name;
    if (typeof name === 'string' && name) summary.toolNames.push(name);
    const args = call.function?.arguments;
    // Only the first tool call's fragments: that is what the streamed-arguments check is about.
    if ((call.index ?? 0) === 0 && typeof args === 'string' && args) summary.argumentFragments.push(args);
  }
}

function nonEmpty(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && typeof value === 'object';
}
