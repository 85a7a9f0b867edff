import type { LogLevel } from '../config/config-types.js';
import type { TranslationWarning } from '../translate/types.js';
import { warningLabel } from '../translate/warning-label.js';

/** What one request did, logged as one readable line when it ends. */
export interface RequestLogRecord {
  requestId: string;
  method: string;
  path: string;
  requestedModel?: string;
  backendModel?: string;
  backend?: string;
  /** The file's route that chose the backend (`think`, `rules[0]`, `requested`). */
  route?: string;
  /** The name of the client's access key (never the key). */
  key?: string;
  stream?: boolean;
  status: number;
  /** Milliseconds from request start to the upstream's first byte. */
  ttfbMs?: number;
  totalMs: number;
  inputTokens?: number;
  outputTokens?: number;
  error?: string;
  /** Tries of a backend after the first one failed (retries, other keys, the next candidates). */
  retries?: number;
  /** Request fields dropped because the backend rejected them and that change how it answers (`temperature`, `stop`, ...). */
  adapted?: string[];
  /** Labels of the translation warnings of this request (`dropped:top_k`, `image:placeholder`), deduplicated. */
  warn?: Set<string>;
  /** Prompt tokens read from the backend's prompt cache (part of `inputTokens`). */
  cacheReadTokens?: number;
  /** Prompt tokens written to the backend's prompt cache (part of `inputTokens`). */
  cacheWriteTokens?: number;
  /** The ProxyError kind of the error answer (`rate_limit`, `timeout`, ...), set where it is rendered. */
  errorKind?: string;
  /** Backends left for the next candidate after they failed, in order (also counted in `retries`). */
  fallbacks?: string[];
  /** Backends passed over because they rested after failures in a row (cool-down). */
  skipped?: string[];
  /** Milliseconds spent in upstream calls (each call from its send to its body's end), summed over tries. */
  upstreamMs?: number;
  /** Milliseconds from request start to the first body chunk of a successful upstream answer. */
  firstChunkMs?: number;
}

export interface Logger {
  readonly level: LogLevel;
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
  if (record.warn !== undefined && record.warn.size > 0) parts.push(`warn=${[...record.warn].join(',')}`);
  if (record.adapted !== undefined && record.adapted.length > 0) parts.push(`adapted=${record.adapted.join(',')}`);
  if (record.error) parts.push(`error="${record.error}"`);
  return escapeControlCharacters(parts.join(' '));
}

/** C0 controls (CR, LF, ESC...), DEL, C1 controls (a lone 0x9b is a CSI to some terminals), U+2028/2029. */
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const namedEscapes: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };

/**
 * Client-controlled values (model, path, error text quoting input) shown as visible escapes
 * (`\r`, `\n`, `\x1b`, `\u2028`), so a request can neither forge a log line nor send the
 * terminal an escape sequence. One regex test on the usual clean line, no copy.
 */
export function escapeControlCharacters(text: string): string {
  if (!controlCharacter.test(text)) return text;
  return text.replace(controlCharacters, (character) => namedEscapes[character] ?? hexEscape(character.charCodeAt(0)));
}

function hexEscape(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
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
  const secrets = [...options.secrets];
  const emit = (line: string) => write(redactSecrets(line, secrets));
  const silent = options.level === 'silent';
  return {
    level: options.level,
    request: (record) => { if (!silent) emit(formatRequestLine(record)); },
    info: (message) => { if (!silent) emit(message); },
    warn: (message) => { if (!silent) emit(`warning: ${message}`); },
    debug: (message) => { if (options.level === 'debug') emit(`debug: ${message()}`); },
    addSecrets: (more) => {
      for (const secret of more) if (!secrets.includes(secret)) secrets.push(secret);
    },
    warnings: (record, warnings) => {
      if (warnings.length === 0) return;
      record.warn ??= new Set();
      for (const warning of warnings) record.warn.add(warningLabel(warning));
      if (options.level !== 'debug') return;
      for (const warning of warnings) {
        emit(escapeControlCharacters(`debug: ${record.requestId} ${warning.code}${warning.field ? ` [${warning.field}]` : ''}: ${warning.message}`));
      }
    },
  };
}
