import { errorKindFromStatus, UpstreamHttpError, type ErrorKind } from '../../errors/proxy-error.js';
import { isRecord } from '../../json/is-record.js';

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The parts of an upstream error body the mapping reads, whatever envelope it came in. */
interface UpstreamErrorFacts {
  message: string | undefined;
  /** `code`, else `type` (OpenAI's legacy quota error has only `type: insufficient_quota`). */
  codes: string[];
  /** llama.cpp puts the numbers beside the message. */
  promptTokens?: number;
  contextTokens?: number;
}

function readErrorFacts(body: unknown): UpstreamErrorFacts {
  if (typeof body === 'string') return { message: nonEmptyString(body), codes: [] };
  if (!isRecord(body)) return { message: undefined, codes: [] };
  const inner = isRecord(body['error']) ? body['error'] : body;
  const codes = [inner['code'], inner['type']].filter((c): c is string => typeof c === 'string');
  let message = nonEmptyString(inner['message']) ?? nonEmptyString(body['error']) ?? nonEmptyString(body['detail']);
  // OpenRouter wraps the provider's real reason in metadata.raw; "Provider returned error" alone helps nobody.
  const metadata = inner['metadata'];
  const raw = isRecord(metadata) ? nonEmptyString(metadata['raw']) : undefined;
  if (raw !== undefined) message = message === undefined ? raw : `${message}: ${raw}`;
  const facts: UpstreamErrorFacts = { message, codes };
  if (typeof inner['n_prompt_tokens'] === 'number') facts.promptTokens = inner['n_prompt_tokens'];
  if (typeof inner['n_ctx'] === 'number') facts.contextTokens = inner['n_ctx'];
  return facts;
}

interface ContextOverflow {
  actual: number;
  limit: number;
}

/**
 * Context-overflow wordings, each yielding (actual, limit) in that order.
 * OpenAI/Groq/DeepSeek/vLLM: "maximum context length is N tokens. However, your messages
 * resulted in M tokens" / "you requested M tokens"; Mistral: "Prompt contains M tokens ... too large
 * for model with N maximum context length"; Gemini: "input token count (M) exceeds the maximum
 * number of tokens allowed (N)"; Anthropic-compatible servers: "prompt is too long: M tokens > N".
 */
const overflowPatterns: Array<{ pattern: RegExp; order: 'limit-first' | 'actual-first' }> = [
  { pattern: /maximum context length is (\d+) tokens.*?(?:resulted in|requested) (\d+) tokens/is, order: 'limit-first' },
  { pattern: /limit of (\d+) tokens.*?resulted in (\d+) tokens/is, order: 'limit-first' },
  { pattern: /prompt contains (\d+) tokens.*?model with (\d+) maximum context length/is, order: 'actual-first' },
  { pattern: /input token count \((\d+)\) exceeds the maximum number of tokens allowed \((\d+)\)/is, order: 'actual-first' },
  { pattern: /input \((\d+) tokens\) is longer than the model's context length \((\d+) tokens\)/is, order: 'actual-first' },
  { pattern: /prompt is too long:\s*(\d+) tokens\s*>\s*(\d+)/is, order: 'actual-first' },
];

const overflowHints =
  /context[_ ]length|context window|context size|prompt is too long|prompt too long|too many tokens|maximum context/i;

function parseContextOverflow(facts: UpstreamErrorFacts): ContextOverflow | 'unparsed' | undefined {
  if (facts.promptTokens !== undefined && facts.contextTokens !== undefined) {
    return { actual: facts.promptTokens, limit: facts.contextTokens };
  }
  const message = facts.message ?? '';
  for (const { pattern, order } of overflowPatterns) {
    const match = pattern.exec(message);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const first = Number(match[1]);
    const second = Number(match[2]);
    return order === 'limit-first' ? { actual: second, limit: first } : { actual: first, limit: second };
  }
  const coded = facts.codes.some((code) => /context_length_exceeded|exceed_context_size/i.test(code));
  return coded || overflowHints.test(message) ? 'unparsed' : undefined;
}

/** Seconds from "Please try again in 26.604s" when the upstream sent no retry-after header. */
function retryAfterFromMessage(message: string | undefined): string | undefined {
  const match = message === undefined ? null : /try again in (\d+(?:\.\d+)?)s/i.exec(message);
  return match?.[1] === undefined ? undefined : String(Math.ceil(Number(match[1])));
}

function isQuotaError(facts: UpstreamErrorFacts): boolean {
  return facts.codes.some((code) => code === 'insufficient_quota');
}

function isOverloaded(facts: UpstreamErrorFacts): boolean {
  return facts.codes.some((code) => /overloaded/i.test(code)) || /\boverloaded\b/i.test(facts.message ?? '');
}

/**
 * An upstream OpenAI-compatible error response -> the proxy's error. The message keeps the
 * upstream's own words, prefixed with the backend label, except for context overflows: those are
 * rewritten to Anthropic's exact `prompt is too long: M tokens > N maximum`, because Claude Code
 * reacts to that text by compacting the conversation.
 */
export function mapOpenAIErrorToProxyError(
  status: number,
  body: unknown,
  headers: { retryAfter?: string },
  backendLabel: string,
): UpstreamHttpError {
  const facts = readErrorFacts(body);
  const upstreamMessage = facts.message ?? `HTTP ${status}`;
  const code = facts.codes[0];
  const retryAfter = headers.retryAfter ?? retryAfterFromMessage(facts.message);
  const base = { code, retryAfter, cause: body };
  // Auth, billing, missing-model and rate-limit bodies never describe a context overflow (a 429's
  // "Requested 15000 tokens" is a per-minute budget), so only the other statuses are inspected.
  const overflow = [401, 402, 403, 404, 429].includes(status) ? undefined : parseContextOverflow(facts);
  if (overflow !== undefined) {
    const message =
      overflow === 'unparsed'
        ? `prompt is too long (${backendLabel}: ${upstreamMessage})`
        : `prompt is too long: ${overflow.actual} tokens > ${overflow.limit} maximum`;
    return new UpstreamHttpError('invalid_request', message, status, { ...base, status: 400, retryable: false });
  }
  if (isQuotaError(facts)) {
    // Quota is billing, not a burst limit: still a rate_limit for the client, but never retried.
    const message = `${backendLabel}: quota exhausted (insufficient_quota): ${upstreamMessage}`;
    return new UpstreamHttpError('rate_limit', message, status, { ...base, status: 429, retryable: false });
  }
  const kind: ErrorKind = isOverloaded(facts) ? 'overloaded' : errorKindFromStatus(status);
  const options = kind === 'overloaded' ? { ...base, retryable: true } : base;
  return new UpstreamHttpError(kind, `${backendLabel}: ${upstreamMessage}`, status, options);
}

/** HTTP-ish status of an error object that arrived inside a 200 stream (Groq `status_code`, OpenRouter numeric `code`). */
function streamErrorStatus(body: unknown): number {
  const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : body;
  if (!isRecord(inner)) return 500;
  for (const candidate of [inner['status_code'], inner['status'], inner['code']]) {
    if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  }
  return 500;
}

/**
 * An `{"error": {...}}` payload inside a 200 stream (OpenRouter, Groq's `event: error`) -> the
 * proxy's error, mapped like an HTTP error with the status the payload names (500 if none).
 */
export function mapOpenAIStreamErrorToProxyError(body: unknown, backendLabel = 'upstream'): UpstreamHttpError {
  return mapOpenAIErrorToProxyError(streamErrorStatus(body), body, {}, backendLabel);
}
