import { escapeControlCharacters } from './escape-control-characters.js';
import type { RequestLogRecord } from './request-log-record.js';

/** The readable one-line form, for a terminal: `12:00:00.000 req_1 POST /v1/messages m -> b @default ...`. */
export function formatRequestLine(record: RequestLogRecord, time: string = new Date().toISOString()): string {
  const parts = [time.slice(11, 23), record.requestId, record.method, record.path];
  if (record.requestedModel !== undefined) {
    parts.push(record.backendModel && record.backendModel !== record.requestedModel
      ? `${record.requestedModel} -> ${record.backendModel}`
      : record.requestedModel);
  }
  if (record.backend) parts.push(`@${record.backend}`);
  if (record.route) parts.push(`route=${record.route}`);
  if (record.key) parts.push(`key=${record.key}`);
  if (record.stream !== undefined) parts.push(record.stream ? 'stream' : 'sync');
  parts.push(String(record.status));
  if (record.retries !== undefined && record.retries > 0) parts.push(`retries=${record.retries}`);
  if (record.ttfbMs !== undefined) parts.push(`ttfb=${formatMs(record.ttfbMs)}`);
  parts.push(`total=${formatMs(record.totalMs)}`);
  if (record.inputTokens !== undefined || record.outputTokens !== undefined) {
    parts.push(`tokens=${record.inputTokens ?? '?'}/${record.outputTokens ?? '?'}`);
  }
  if (record.cacheReadTokens || record.cacheWriteTokens) parts.push(`cache=${record.cacheReadTokens ?? 0}r/${record.cacheWriteTokens ?? 0}w`);
  if (record.costUsd !== undefined) parts.push(`cost=${formatUsd(record.costUsd)}`);
  if (record.warn !== undefined && record.warn.size > 0) parts.push(`warn=${[...record.warn].join(',')}`);
  if (record.adapted !== undefined && record.adapted.length > 0) parts.push(`adapted=${record.adapted.join(',')}`);
  if (record.error) parts.push(`error="${record.error}"`);
  return escapeControlCharacters(parts.join(' '));
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/** `$0.0012`, `$1.2345`: four decimals; six below $0.0001 (`$0.000042`), so a cheap request does not read as free. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return `$${usd.toFixed(usd >= 0.0001 ? 4 : 6)}`;
}
