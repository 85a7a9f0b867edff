import { readUpstreamText, summarizeUpstreamErrorText, type UpstreamResponse } from './upstream-client.js';

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
