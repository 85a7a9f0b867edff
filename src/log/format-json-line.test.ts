import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import type { RequestLogRecord } from './request-log-record.js';
import type { TranslationWarning } from '../translate/types.js';

function jsonLogger(level: 'info' | 'debug' = 'info', secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets, format: 'json', write: (line) => lines.push(line) });
  /** Every line must be one JSON object: parse them all. */
  const parsed = () => lines.map((line) => {
    expect(line).not.toMatch(/[\n\r\u2028\u2029\u0000-\u001f\u007f-\u009f]/);
    return JSON.parse(line) as Record<string, unknown>;
  });
  return { logger, lines, parsed };
}

const full: RequestLogRecord = {
  requestId: 'req_1', method: 'POST', path: '/v1/messages', route: 'think', key: 'alice', backend: 'ds',
  requestedModel: 'claude-opus-4-8', backendModel: 'deepseek-reasoner', stream: true, status: 200,
  ttfbMs: 12.345, totalMs: 1534.26, inputTokens: 1000, outputTokens: 200, cacheReadTokens: 600, cacheWriteTokens: 100,
  costUsd: 0.00123456789, retries: 2, warn: new Set(['dropped:top_k', 'image:placeholder']), adapted: ['temperature'], error: 'upstream said no',
};

describe('JSON log lines', () => {
  it('carry every field of the request record under stable names', () => {
    const { logger, parsed } = jsonLogger();
    logger.request(full);
    const [entry] = parsed();
    expect(entry).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info', msg: 'request', requestId: 'req_1', method: 'POST', path: '/v1/messages', route: 'think', key: 'alice', backend: 'ds',
      requestedModel: 'claude-opus-4-8', backendModel: 'deepseek-reasoner', stream: true, status: 200, ttfbMs: 12.3, totalMs: 1534.3,
      inputTokens: 1000, outputTokens: 200, cacheReadTokens: 600, cacheWriteTokens: 100, costUsd: 0.00123457, retries: 2,
      warnings: ['dropped:top_k', 'image:placeholder'], adapted: ['temperature'], error: 'upstream said no',
    });
  });

  it('leave out what is unknown (no nulls, no made-up zeros) and set the level from the status', () => {
    const { logger, parsed } = jsonLogger();
    logger.request({ requestId: 'req_2', method: 'GET', path: '/v1/models', status: 200, totalMs: 1 });
    logger.request({ requestId: 'req_3', method: 'POST', path: '/v1/messages', status: 429, totalMs: 1 });
    logger.request({ requestId: 'req_4', method: 'POST', path: '/v1/messages', status: 502, totalMs: 1 });
    const entries = parsed();
    expect(Object.keys(entries[0]!).sort()).toEqual(['level', 'method', 'msg', 'path', 'requestId', 'status', 'time', 'totalMs']);
    expect(entries.map((entry) => entry.level)).toEqual(['info', 'warn', 'error']);
  });

  it('redact secrets inside values and stay valid JSON, also for a secret with quotes and backslashes', () => {
    const { logger, lines, parsed } = jsonLogger('info', ['s3cr"et\\key']);
    logger.request({ ...full, error: 'bad key s3cr"et\\key; Bearer abc.def, sk-proj-ABCDEFGHIJKLMNOP; {"x-api-key":"zzz"}' });
    logger.info('started with s3cr"et\\key');
    logger.warn('Authorization: Bearer tok-123');
    const entries = parsed();
    expect(entries[0]!.error).toBe('bad key [REDACTED]; Bearer [REDACTED], sk-proj-A[REDACTED]; {"x-api-key":"[REDACTED]"}');
    expect(entries[1]).toMatchObject({ level: 'info', msg: 'started with [REDACTED]' });
    expect(entries[2]).toMatchObject({ level: 'warn', msg: 'Authorization: Bearer [REDACTED]' });
    for (const line of lines) expect(line).not.toMatch(/s3cr|abc\.def|GHIJKLMNOP|zzz|tok-123/);
  });

  it('escape control characters: one line per object, nothing a terminal would act on, the same values after parsing', () => {
    const { logger, lines, parsed } = jsonLogger();
    const forged = 'x\r\n{"level":"info","msg":"forged"}\u001b[31m\u009b0m\u2028\u2029\u007f\t\u0000';
    logger.request({ requestId: 'req_1', method: 'POST', path: `/v1/${forged}`, requestedModel: forged, status: 400, totalMs: 1, error: forged });
    logger.info(`note ${forged}`);
    expect(lines).toHaveLength(2);
    const [request, note] = parsed();
    expect(request!.requestedModel).toBe(forged);
    expect(request!.error).toBe(forged);
    expect(note!.msg).toBe(`note ${forged}`);
  });

  it('write messages, debug lines and translation warnings as JSON too', () => {
    const { logger, parsed } = jsonLogger('debug', ['key-1234']);
    const warnings: TranslationWarning[] = [{ code: 'dropped_field', message: 'top_k dropped', field: 'top_k' }];
    const record: RequestLogRecord = { requestId: 'req_9', method: 'POST', path: '/v1/messages', status: 200, totalMs: 1 };
    logger.debug(() => 'upstream request: {"api_key":"key-1234"}');
    logger.warnings(record, warnings);
    logger.request(record);
    const entries = parsed();
    expect(entries[0]).toMatchObject({ level: 'debug', msg: 'upstream request: {"api_key":"[REDACTED]"}' });
    expect(entries[1]).toMatchObject({ level: 'debug', requestId: 'req_9', code: 'dropped_field', msg: 'req_9 dropped_field [top_k]: top_k dropped' });
    expect(entries[2]).toMatchObject({ msg: 'request', warnings: ['dropped:top_k'] });
  });

  it('stay text by default, with the cost on the readable line', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [], write: (line) => lines.push(line) });
    expect(logger.format).toBe('text');
    logger.request({ requestId: 'req_1', method: 'POST', path: '/v1/messages', status: 200, totalMs: 5, inputTokens: 1000, outputTokens: 20, cacheReadTokens: 600, costUsd: 0.0012 });
    logger.request({ requestId: 'req_2', method: 'POST', path: '/v1/messages', status: 200, totalMs: 5, inputTokens: 10, outputTokens: 2, costUsd: 0.0000421 });
    expect(lines[0]).toMatch(/ tokens=1000\/20 cache=600r\/0w cost=\$0\.0012$/);
    expect(lines[1]).toMatch(/ cost=\$0\.000042$/);
  });
});
