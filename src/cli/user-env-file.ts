import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Sets or removes (value undefined) keys in a dotenv file, keeping its other lines and comments.
 * Written with mode 600: the file holds the backend's API key.
 */
export function updateEnvFile(path: string, values: Readonly<Record<string, string | undefined>>): void {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : ['# Backend settings written by `claude-proxy setup`; read by every claude-proxy command.'];
  const pending = new Map(Object.entries(values));
  const kept: string[] = [];
  for (const line of lines) {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) {
      kept.push(line);
      continue;
    }
    const value = pending.get(key);
    pending.delete(key);
    if (value !== undefined) kept.push(`${key}=${quoteEnvValue(value)}`);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  for (const [key, value] of pending) if (value !== undefined) kept.push(`${key}=${quoteEnvValue(value)}`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${kept.join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync's mode only applies when it creates the file.
}

/** Bare when safe, else single-quoted (no escapes are interpreted inside single quotes). */
export function quoteEnvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@+,=-]*$/.test(value)) return value;
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`;
  return JSON.stringify(value);
}
