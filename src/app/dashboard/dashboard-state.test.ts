import { describe, expect, it } from 'vitest';
import type { RequestLogRecord } from '../../log/logger.js';
import { createDashboardState, otherName } from './dashboard-state.js';

let counter = 0;
function record(fields: Partial<RequestLogRecord> & { costUsd?: number } = {}): RequestLogRecord {
  return { requestId: `req_${++counter}`, method: 'POST', path: '/v1/messages', status: 200, totalMs: 100, ...fields };
}

describe('createDashboardState', () => {
  it('turns a record into a row with what the page shows, the cost when the record has one', () => {
    const state = createDashboardState({}, 1_000);
    const { row } = state.add(record({ key: 'alice', route: 'think', backend: 'groq', requestedModel: 'claude-opus-5', backendModel: 'llama-4', stream: true, inputTokens: 12, outputTokens: 34, ttfbMs: 45.678, totalMs: 321.04, costUsd: 0.0021 }), 5_000);
    expect(row).toEqual({
      at: 5_000, requestId: row.requestId, method: 'POST', path: '/v1/messages', status: 200, client: 'alice', route: 'think', backend: 'groq',
      requestedModel: 'claude-opus-5', backendModel: 'llama-4', stream: true, inputTokens: 12, outputTokens: 34, ttfbMs: 45.7, totalMs: 321, costUsd: 0.0021,
    });
    expect(state.since).toBe(1_000);
    expect(state.recent()).toEqual([row]);
  });

  it('copies the record: later changes to it do not reach the dashboard', () => {
    const state = createDashboardState();
    const source = record({ inputTokens: 1 });
    state.add(source);
    source.inputTokens = 99;
    expect(state.recent()[0]!.inputTokens).toBe(1);
  });

  it('sums all requests, per backend model and per backend; the update carries the totals it changed', () => {
    const state = createDashboardState();
    state.add(record({ backend: 'a', backendModel: 'm1', inputTokens: 10, outputTokens: 1, totalMs: 100, costUsd: 0.5 }));
    state.add(record({ backend: 'a', backendModel: 'm2', inputTokens: 20, outputTokens: 2, totalMs: 200 }));
    const update = state.add(record({ backend: 'b', backendModel: 'm1', inputTokens: 30, outputTokens: 3, totalMs: 300, status: 502, error: 'upstream 502' }));
    expect(state.all()).toEqual({ name: 'all', requests: 3, errors: 1, inputTokens: 60, outputTokens: 6, costUsd: 0.5, costedRequests: 1, totalMs: 600 });
    expect(state.byModel().map((total) => [total.name, total.requests, total.inputTokens, total.errors])).toEqual([['m1', 2, 40, 1], ['m2', 1, 20, 0]]);
    expect(state.byBackend().map((total) => [total.name, total.requests, total.outputTokens])).toEqual([['a', 2, 3], ['b', 1, 3]]);
    expect(update.model).toMatchObject({ name: 'm1', requests: 2 });
    expect(update.backend).toMatchObject({ name: 'b', requests: 1, errors: 1 });
    expect(update.all.requests).toBe(3);
  });

  it('names requests without a model or backend (a 404, a refused key) as such, and falls back to the requested model', () => {
    const state = createDashboardState();
    state.add(record({ status: 404, path: '/nope' }));
    state.add(record({ requestedModel: 'claude-haiku-5', status: 400 }));
    expect(state.byModel().map((total) => total.name).sort()).toEqual(['(no model)', 'claude-haiku-5']);
    expect(state.byBackend().map((total) => total.name)).toEqual(['(no backend)']);
  });

  it('keeps the last N requests and the last M errors (status >= 400 or an error text)', () => {
    const state = createDashboardState({ recent: 3, errors: 2 });
    for (let index = 0; index < 5; index++) state.add(record({ path: `/ok${index}` }));
    state.add(record({ status: 499, error: 'client disconnected', path: '/e1' }));
    state.add(record({ status: 500, path: '/e2' }));
    state.add(record({ status: 429, path: '/e3' }));
    expect(state.recent().map((row) => row.path)).toEqual(['/e1', '/e2', '/e3']);
    expect(state.errors().map((row) => row.path)).toEqual(['/e2', '/e3']);
    expect(state.all().requests).toBe(8);
    expect(state.all().errors).toBe(3);
  });

  it('bounds the names it sums: model names can come from clients', () => {
    const state = createDashboardState({ maxNames: 3 });
    for (let index = 0; index < 10; index++) state.add(record({ requestedModel: `junk-${index}` }));
    state.add(record({ requestedModel: 'junk-1' }));
    const names = state.byModel().map((total) => [total.name, total.requests]);
    expect(names).toEqual([[otherName, 7], ['junk-1', 2], ['junk-0', 1], ['junk-2', 1]]);
  });

  it('shortens a long error text', () => {
    const state = createDashboardState();
    const { row } = state.add(record({ status: 502, error: 'x'.repeat(1_000) }));
    expect(row.error!.length).toBe(301);
  });

  it('ignores a cost that is not a finite number', () => {
    const state = createDashboardState();
    const { row } = state.add(record({ costUsd: Number.NaN }));
    expect(row.costUsd).toBeUndefined();
    expect(state.all().costedRequests).toBe(0);
  });
});
