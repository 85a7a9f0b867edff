import { UpstreamProtocolError } from '../errors/proxy-error.js';
import { readUpstreamText, readUpstreamTextAs, summarizeUpstreamErrorText, type UpstreamResponse } from './upstream-client.js';

export interface UpstreamErrorBody {
  /** Parsed JSON, or the gist (title / first words) of an HTML or text error page. */
  body: unknown;
  retryAfter: string | undefined;
}

/**
 * Reads an upstream error answer (status >= 400) for the protocol-specific error mappers: the
 * body as JSON when it is JSON, else a short summary of the page; and `retry-after`.
 */
export async function readUpstreamErrorBody(upstream: UpstreamResponse, label: string): Promise<UpstreamErrorBody> {
  const text = await readUpstreamText(upstream, 1024 * 1024, label).catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = summarizeUpstreamErrorText(text);
  }
  const retryAfter = upstream.headers['retry-after'];
  return { body, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
}

/** Largest non-streaming answer the proxy will hold in memory. */
const maxUpstreamJsonBytes = 64 * 1024 * 1024;

/**
 * Reads a 2xx non-streaming answer as a JSON object; anything else (not JSON, a bare value) is a
 * 502 that shows the start of what arrived. `as` checks the protocol's own shape (and throws the
 * error it means). Parsed and checked as the body ends, inside the read's own promise: one
 * promise per answer (issue 13).
 */
export function readUpstreamJsonObject<T = Record<string, unknown>>(
  upstream: UpstreamResponse,
  label: string,
  as: (parsed: Record<string, unknown>) => T = (parsed) => parsed as T,
): Promise<T> {
  return readUpstreamTextAs(upstream, maxUpstreamJsonBytes, label, (text) => as(parseJsonObject(text, label)));
}

function parseJsonObject(text: string, label: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UpstreamProtocolError(`Backend ${label} answered with something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamProtocolError(`Backend ${label} answered with JSON that is not an object.`);
  }
  return parsed as Record<string, unknown>;
}
