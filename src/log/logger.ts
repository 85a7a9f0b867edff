import type { LogLevel } from '../config/config-types.js';
import type { TranslationWarning } from '../translate/types.js';

/** What one request did, logged as one readable line when it ends. */
export interface RequestLogRecord {
  requestId: string;
  method: string;
  path: string;
  requestedModel?: string;
  backendModel?: string;
  backend?: string;
  stream?: boolean;
  status: number;
  /** Milliseconds from request start to the upstream's first byte. */
  ttfbMs?: number;
  totalMs: number;
  inputTokens?: number;
  outputTokens?: number;
  error?: string;
}

export interface Logger {
  readonly level: LogLevel;
  request(record: RequestLogRecord): void;
  info(message: string): void;
  warn(message: string): void;
  /** Only written at debug level; the thunk is not evaluated otherwise (no cost on the hot path). */
  debug(message: () => string): void;
  /** What a translator could not carry across, one debug line each (nothing at other levels). */
  warnings(requestId: string, warnings: readonly TranslationWarning[]): void;
}

const secretPatterns: RegExp[] = [
  /\b(sk-[A-Za-z0-9_-]{6})[A-Za-z0-9_-]+/g,
  /\b(Bearer\s+)[^\s"',]+/gi,
  /("(?:x-api-key|api[_-]?key|authorization)"\s*:\s*")[^"]*/gi,
];

/** Removes known secrets and anything shaped like a key from a log line. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[REDACTED]');
  }
  for (const pattern of secretPatterns) result = result.replace(pattern, '$1[REDACTED]');
  return result;
}

export function formatRequestLine(record: RequestLogRecord): string {
  const parts = [new Date().toISOString().slice(11, 23), record.requestId, record.method, record.path];
  if (record.requestedModel !== undefined) {
    parts.push(record.backendModel && record.backendModel !== record.requestedModel
      ? `${record.requestedModel} -> ${record.backendModel}`
      : record.requestedModel);
  }
  if (record.backend) parts.push(`@${record.backend}`);
  if (record.stream !== undefined) parts.push(record.stream ? 'stream' : 'sync');
  parts.push(String(record.status));
  if (record.ttfbMs !== undefined) parts.push(`ttfb=${formatMs(record.ttfbMs)}`);
  parts.push(`total=${formatMs(record.totalMs)}`);
  if (record.inputTokens !== undefined || record.outputTokens !== undefined) {
    parts.push(`tokens=${record.inputTokens ?? '?'}/${record.outputTokens ?? '?'}`);
  }
  if (record.error) parts.push(`error="${record.error}"`);
  return parts.join(' ');
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Secrets that must never be printed (backend keys, the proxy key). */
  secrets: readonly string[];
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (line: string) => write(redactSecrets(line, options.secrets));
  const silent = options.level === 'silent';
  return {
    level: options.level,
    request: (record) => { if (!silent) emit(formatRequestLine(record)); },
    info: (message) => { if (!silent) emit(message); },
    warn: (message) => { if (!silent) emit(`warning: ${message}`); },
    debug: (message) => { if (options.level === 'debug') emit(`debug: ${message()}`); },
    warnings: (requestId, warnings) => {
      if (options.level !== 'debug') return;
      for (const warning of warnings) {
        emit(`debug: ${requestId} ${warning.code}${warning.field ? ` [${warning.field}]` : ''}: ${warning.message}`);
      }
    },
  };
}
