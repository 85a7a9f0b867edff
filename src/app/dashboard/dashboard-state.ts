/**
 * What the dashboard remembers of the traffic: the last requests and the last errors (ring
 * buffers), and totals since start for all requests, per backend model and per backend. Memory
 * is bounded: model names can come from clients, so past `maxNames` names a new one counts
 * under `(other)`.
 */
import type { RequestLogRecord } from '../../log/logger.js';
import type { DashboardRow, DashboardTotal, DashboardUpdate } from './dashboard-types.js';
import { RingBuffer } from './ring-buffer.js';

export interface DashboardStateOptions {
  recent?: number;
  errors?: number;
  maxNames?: number;
}

export interface DashboardState {
  readonly since: number;
  /** Counts one finished request; returns what the page must update (live totals: serialize them at once). */
  add(record: RequestLogRecord, now?: number): DashboardUpdate;
  recent(): DashboardRow[];
  errors(): DashboardRow[];
  all(): DashboardTotal;
  byModel(): DashboardTotal[];
  byBackend(): DashboardTotal[];
}

export const otherName = '(other)';
const noModel = '(no model)';
const noBackend = '(no backend)';
/** Error texts are the proxy's own, but can quote a backend's answer at length. */
const maxErrorChars = 300;

export function createDashboardState(options: DashboardStateOptions = {}, since = Date.now()): DashboardState {
  const recent = new RingBuffer<DashboardRow>(options.recent ?? 200);
  const errors = new RingBuffer<DashboardRow>(options.errors ?? 50);
  const maxNames = options.maxNames ?? 100;
  const all = emptyTotal('all');
  const models = new Map<string, DashboardTotal>();
  const backends = new Map<string, DashboardTotal>();
  return {
    since,
    add(record, now = Date.now()) {
      const row = rowOf(record, now);
      recent.push(row);
      if (isError(row)) errors.push(row);
      const model = totalFor(models, row.backendModel ?? row.requestedModel ?? noModel, maxNames);
      const backend = totalFor(backends, row.backend ?? noBackend, maxNames);
      count(all, row);
      count(model, row);
      count(backend, row);
      // The totals themselves, not copies: the hub serializes the update at once, and only
      // when a page listens (issue 13: three copies per request for nobody).
      return { row, all, model, backend };
    },
    recent: () => recent.toArray(),
    errors: () => errors.toArray(),
    all: () => ({ ...all }),
    byModel: () => sortedTotals(models),
    byBackend: () => sortedTotals(backends),
  };
}

export function isError(row: DashboardRow): boolean {
  return row.status >= 400 || row.error !== undefined;
}

/** A copy of the record's fields the page shows (the record itself stays the logger's). */
export function rowOf(record: RequestLogRecord, at: number): DashboardRow {
  const row: DashboardRow = { at, requestId: record.requestId, method: record.method, path: record.path, status: record.status, totalMs: round(record.totalMs) };
  if (record.key !== undefined) row.client = record.key;
  if (record.route !== undefined) row.route = record.route;
  if (record.backend !== undefined) row.backend = record.backend;
  if (record.requestedModel !== undefined) row.requestedModel = record.requestedModel;
  if (record.backendModel !== undefined) row.backendModel = record.backendModel;
  if (record.stream !== undefined) row.stream = record.stream;
  if (record.inputTokens !== undefined) row.inputTokens = record.inputTokens;
  if (record.outputTokens !== undefined) row.outputTokens = record.outputTokens;
  if (record.ttfbMs !== undefined) row.ttfbMs = round(record.ttfbMs);
  if (record.retries !== undefined && record.retries > 0) row.retries = record.retries;
  if (record.error !== undefined) row.error = record.error.length > maxErrorChars ? `${record.error.slice(0, maxErrorChars)}…` : record.error;
  // The cost is computed by the pricing module when it knows the model; absent otherwise.
  const cost = (record as { costUsd?: unknown }).costUsd;
  if (typeof cost === 'number' && Number.isFinite(cost)) row.costUsd = cost;
  return row;
}

function emptyTotal(name: string): DashboardTotal {
  return { name, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, costedRequests: 0, totalMs: 0 };
}

function totalFor(totals: Map<string, DashboardTotal>, name: string, maxNames: number): DashboardTotal {
  const key = totals.has(name) || totals.size < maxNames ? name : otherName;
  let total = totals.get(key);
  if (!total) {
    total = emptyTotal(key);
    totals.set(key, total);
  }
  return total;
}

function count(total: DashboardTotal, row: DashboardRow): void {
  total.requests++;
  if (isError(row)) total.errors++;
  total.inputTokens += row.inputTokens ?? 0;
  total.outputTokens += row.outputTokens ?? 0;
  if (row.costUsd !== undefined) {
    total.costUsd += row.costUsd;
    total.costedRequests++;
  }
  total.totalMs += row.totalMs;
}

/** Busiest first, copies. */
function sortedTotals(totals: Map<string, DashboardTotal>): DashboardTotal[] {
  return [...totals.values()].map((total) => ({ ...total })).sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
