import type { LogFormat, LogLevel } from '../config/config-types.js';
import type { TranslationWarning } from '../translate/types.js';
import { warningLabel } from '../translate/warning-label.js';
import { createBatchedLineWriter, type LineSink } from './batched-line-writer.js';
import { escapeControlCharacters } from './escape-control-characters.js';
import { formatMessageJson, formatRequestJson, type JsonLogLevel } from './format-json-line.js';
import { formatRequestLine } from './format-request-line.js';
import { redactSecrets } from './redact-secrets.js';
import type { RequestLogRecord } from './request-log-record.js';

export type { RequestLogRecord } from './request-log-record.js';
export { redactSecrets } from './redact-secrets.js';
export { escapeControlCharacters } from './escape-control-characters.js';
export { formatRequestLine } from './format-request-line.js';

export type { LogFormat } from '../config/config-types.js';

export interface Logger {
  readonly level: LogLevel;
  readonly format: LogFormat;
  request(record: RequestLogRecord): void;
  info(message: string): void;
  warn(message: string): void;
  /** Only written at debug level; the thunk is not evaluated otherwise (no cost on the hot path). */
  debug(message: () => string): void;
  /**
   * What a translator could not carry across: each warning's label goes on the request's log
   * line (`warn=`, at info level too), and at debug level each gets a line with its message.
   */
  warnings(record: RequestLogRecord, warnings: readonly TranslationWarning[]): void;
  /** More secrets to redact from now on (the keys of a reloaded configuration). */
  addSecrets(secrets: readonly string[]): void;
  /** Writes every queued line and resolves once the output has taken them (before the process exits). */
  flush(): Promise<void>;
  /** Writes every queued line now, synchronously as far as the output allows (an `exit` handler). */
  flushSync(): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Secrets that must never be printed (backend keys, the proxy key). */
  secrets: readonly string[];
  /** `text` by default; the CLI chooses (`LOG_FORMAT`, the file's `logFormat`, whether stdout is a terminal). */
  format?: LogFormat;
  /** Each line as it is logged, synchronously (tests, a log file, a Worker's console). */
  write?: (line: string) => void;
  /** Without `write`: where batched lines go (process.stdout by default). */
  sink?: LineSink;
  /** With `sink`: how much may wait for a slow sink before lines are dropped (see createBatchedLineWriter). */
  maxPendingChars?: number;
}

/** `new Date().toISOString()` at most once per millisecond: lines of one burst share it. */
function createClock(): () => string {
  let lastMs = -1;
  let last = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      last = new Date(now).toISOString();
    }
    return last;
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? 'text';
  const secrets = [...options.secrets];
  const clean = (text: string) => redactSecrets(text, secrets);
  const now = createClock();
  const textMessage = (level: JsonLogLevel, message: string) => (level === 'info' ? message : `${level === 'warn' ? 'warning' : level}: ${message}`);
  const message = (level: JsonLogLevel, text: string, fields?: Record<string, unknown>) =>
    format === 'json' ? formatMessageJson(level, clean(text), now(), fields) : clean(textMessage(level, text));
  const output = createOutput(options, (count) => message('warn', `${count} log lines dropped: the log output did not keep up`, { droppedLines: count }));
  const silent = options.level === 'silent';
  return {
    level: options.level,
    format,
    request: (record) => {
      if (silent) return;
      output.write(format === 'json' ? formatRequestJson(record, now(), clean) : clean(formatRequestLine(record, now())));
    },
    info: (text) => { if (!silent) output.write(message('info', text)); },
    warn: (text) => { if (!silent) output.write(message('warn', text)); },
    debug: (text) => { if (options.level === 'debug') output.write(message('debug', text())); },
    addSecrets: (more) => {
      for (const secret of more) if (!secrets.includes(secret)) secrets.push(secret);
    },
    warnings: (record, warnings) => {
      if (warnings.length === 0) return;
      record.warn ??= new Set();
      for (const warning of warnings) record.warn.add(warningLabel(warning));
      if (options.level !== 'debug') return;
      for (const warning of warnings) {
        const text = `${record.requestId} ${warning.code}${warning.field ? ` [${warning.field}]` : ''}: ${warning.message}`;
        output.write(format === 'json' ? message('debug', text, { requestId: record.requestId, code: warning.code }) : escapeControlCharacters(message('debug', text)));
      }
    },
    flush: () => output.close(),
    flushSync: () => output.flushSync(),
  };
}

interface Output {
  write(line: string): void;
  flushSync(): void;
  close(): Promise<void>;
}

/** A `write` callback is used as given; otherwise lines are batched per tick onto the sink. */
function createOutput(options: LoggerOptions, droppedNotice: (count: number) => string): Output {
  const { write } = options;
  if (write) return { write, flushSync: () => undefined, close: () => Promise.resolve() };
  const writer = createBatchedLineWriter({ sink: options.sink ?? process.stdout, droppedNotice, maxPendingChars: options.maxPendingChars });
  return writer;
}
