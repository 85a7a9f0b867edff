import { escapeJsonLine } from './escape-control-characters.js';
import type { RequestLogRecord } from './request-log-record.js';

export type JsonLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A request's level: errors of the proxy or the backend are `error`, refusals and client aborts `warn`. */
export function requestLevel(status: number): JsonLogLevel {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/**
 * One request as one JSON object on one line, for log collectors. Field names are stable (the
 * record's own names); absent values are left out, never null or 0. Strings pass `clean` first
 * (redaction), so a secret is removed from the value and the JSON around it stays valid.
 */
export function formatRequestJson(record: RequestLogRecord, time: string, clean: (text: string) => string = (text) => text): string {
  const entry: Record<string, unknown> = {
    time,
    level: requestLevel(record.status),
    msg: 'request',
    requestId: record.requestId,
    method: record.method,
    path: clean(record.path),
    route: record.route,
    key: record.key,
    backend: record.backend,
    requestedModel: optional(record.requestedModel, clean),
    backendModel: optional(record.backendModel, clean),
    stream: record.stream,
    status: record.status,
    ttfbMs: record.ttfbMs === undefined ? undefined : roundTo(record.ttfbMs, 1),
    totalMs: roundTo(record.totalMs, 1),
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cacheReadTokens: record.cacheReadTokens,
    cacheWriteTokens: record.cacheWriteTokens,
    costUsd: record.costUsd === undefined ? undefined : roundTo(record.costUsd, 8),
    retries: record.retries,
    warnings: record.warn !== undefined && record.warn.size > 0 ? [...record.warn] : undefined,
    adapted: record.adapted !== undefined && record.adapted.length > 0 ? record.adapted : undefined,
    error: optional(record.error, clean),
  };
  // JSON.stringify leaves out undefined members.
  return escapeJsonLine(JSON.stringify(entry));
}

/** A message line (`info`, `warn`, `debug`) as JSON: `{"time","level","msg"}` plus any fields. */
export function formatMessageJson(level: JsonLogLevel, message: string, time: string, fields?: Record<string, unknown>): string {
  return escapeJsonLine(JSON.stringify({ time, level, msg: message, ...fields }));
}

function optional(text: string | undefined, clean: (text: string) => string): string | undefined {
  return text === undefined ? undefined : clean(text);
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
