import { describe, expect, it } from 'vitest';
import { createLogger, formatRequestLine, redactSecrets, type RequestLogRecord } from './logger.js';
import type { TranslationWarning } from '../translate/types.js';

describe('logger', () => {
  it('redacts configured secrets and key-shaped strings', () => {
    const text = redactSecrets('key my-secret-key auth Bearer abc.def sk-proj-ABCDEFGHIJKLMNOP {"x-api-key":"zzz"}', ['my-secret-key']);
    expect(text).not.toContain('my-secret-key');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('GHIJKLMNOP');
    expect(text).not.toContain('zzz');
  });

  it('redacts key-shaped text in any case, and leaves a clean line untouched (the cheap path)', () => {
    const text = redactSecrets('{"API_KEY":"k1","Authorization":"Basic k2"} bearer k3', []);
    expect(text).toBe('{"API_KEY":"[REDACTED]","Authorization":"[REDACTED]"} bearer [REDACTED]');
    const clean = '12:00:00.000 req_1 POST /v1/messages claude-sonnet-4-5 -> deepseek-chat @default sync 200 total=5.0ms';
    expect(redactSecrets(clean, ['some-secret'])).toBe(clean);
  });

  it('redacts secrets added later (a reloaded configuration\'s keys) from then on', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: ['first-secret-1'], write: (line) => lines.push(line) });
    logger.info('keys first-secret-1 new-secret-22');
    logger.addSecrets(['new-secret-22']);
    logger.info('keys first-secret-1 new-secret-22');
    expect(lines).toEqual(['keys [REDACTED] new-secret-22', 'keys [REDACTED] [REDACTED]']);
  });

  it('formats one readable line per request, with the route and the access key\'s name in file mode', () => {
    expect(formatRequestLine({ requestId: 'req_2', method: 'POST', path: '/v1/messages', backend: 'ds', route: 'think', key: 'alice', status: 200, totalMs: 5 })).toMatch(
      /req_2 POST \/v1\/messages @ds route=think key=alice 200 total=5\.0ms$/,
    );
  });

  it('formats one readable line per request', () => {
    const line = formatRequestLine({
      requestId: 'req_1', method: 'POST', path: '/v1/messages', requestedModel: 'claude-opus-4-8', backendModel: 'gpt-4o',
      backend: 'default', stream: true, status: 200, ttfbMs: 12.3, totalMs: 1534, inputTokens: 100, outputTokens: 20,
    });
    expect(line).toMatch(/req_1 POST \/v1\/messages claude-opus-4-8 -> gpt-4o @default stream 200 ttfb=12ms total=1\.53s tokens=100\/20$/);
    const retried = formatRequestLine({ requestId: 'req_2', method: 'POST', path: '/v1/messages', backend: 'second', status: 200, retries: 3, totalMs: 20 });
    expect(retried).toMatch(/req_2 POST \/v1\/messages @second 200 retries=3 total=20ms$/);
  });

  it('escapes CR, LF, ESC and other controls in client-controlled values: one line, no terminal escapes', () => {
    const line = formatRequestLine({
      requestId: 'req_1', method: 'POST', path: '/v1/x\u2028y', requestedModel: 'x\r\n12:00:00.000 req_forged POST /v1/messages\u001b[31m\u009b0m\t',
      status: 400, totalMs: 1, error: 'bad model "\u0007\u007f"',
    });
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(line).toContain('/v1/x\\u2028y x\\r\\n12:00:00.000 req_forged POST /v1/messages\\x1b[31m\\x9b0m\\t 400');
    expect(line).toContain('error="bad model "\\x07\\x7f""');
  });

  it('evaluates debug messages only at debug level', () => {
    const lines: string[] = [];
    let evaluated = 0;
    const info = createLogger({ level: 'info', secrets: [], write: (line) => lines.push(line) });
    info.debug(() => String(++evaluated));
    expect(evaluated).toBe(0);
    const debug = createLogger({ level: 'debug', secrets: ['s3cr3t'], write: (line) => lines.push(line) });
    debug.debug(() => 'value s3cr3t');
    expect(lines).toEqual(['debug: value [REDACTED]']);
  });

  it('names translation warnings on the request line at info level, and one debug line each at debug level', () => {
    const lines: string[] = [];
    const warnings: TranslationWarning[] = [
      { code: 'dropped_field', message: 'top_k dropped', field: 'top_k' },
      { code: 'clamped_max_tokens', message: 'sent 8192' },
      { code: 'image_placeholder', message: 'image omitted', field: 'messages[0].content[1]' },
      { code: 'ignored_field', message: 'unknown', field: 'x_client_chosen_name' },
      { code: 'image_placeholder', message: 'image omitted', field: 'messages[2].content[0]' },
    ];
    const info = createLogger({ level: 'info', secrets: [], write: (line) => lines.push(line) });
    const record: RequestLogRecord = { requestId: 'req_1', method: 'POST', path: '/v1/messages', status: 200, totalMs: 1 };
    info.warnings(record, warnings);
    expect(lines).toEqual([]);
    info.request(record);
    expect(lines[0]).toMatch(/ warn=dropped:top_k,clamped:max_tokens,image:placeholder,ignored:field$/);
    lines.length = 0;
    createLogger({ level: 'debug', secrets: [], write: (line) => lines.push(line) }).warnings({ ...record, warn: undefined }, warnings.slice(0, 2));
    expect(lines).toEqual(['debug: req_1 dropped_field [top_k]: top_k dropped', 'debug: req_1 clamped_max_tokens: sent 8192']);
  });
});
