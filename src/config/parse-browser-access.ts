/** The browser-safety settings (ALLOWED_ORIGINS, ALLOWED_HOSTS; the file's allowedOrigins, allowedHosts), checked. */
import { ConfigError } from './config-error.js';

/**
 * ALLOWED_ORIGINS: comma-separated exact origins (`https://chat.example.com`, `http://10.0.0.5:3000`).
 * Each must be an http(s) origin without path, query or credentials; `null` and `*` are refused:
 * `null` is the origin of every sandboxed or file:// page, so allowing it would allow them all.
 */
export function parseAllowedOrigins(raw: string | undefined, source = 'ALLOWED_ORIGINS'): string[] {
  const origins: string[] = [];
  for (const entry of (raw ?? '').split(',')) {
    const value = entry.trim();
    if (!value) continue;
    const problem = originEntryProblem(value);
    if (problem) throw new ConfigError(`${source} entry ${JSON.stringify(value)} ${problem}; expected an exact origin such as https://chat.example.com or http://localhost:3000`);
    origins.push(new URL(value).origin);
  }
  return origins;
}

function originEntryProblem(value: string): string | undefined {
  if (value === '*') return 'is a wildcard, which would let every web page spend your backend keys';
  if (value.toLowerCase() === 'null') return 'is the origin shared by every sandboxed and file:// page';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `has the scheme ${url.protocol} (only http: and https: pages have such an origin)`;
  if (url.username || url.password) return 'carries credentials';
  if (url.search || url.hash || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+\/?$/i.test(value)) return 'has a path, query or fragment';
  return undefined;
}

/** ALLOWED_HOSTS: comma-separated host names (`proxy.internal`, `[fd00::1]`), without scheme or port. */
export function parseAllowedHosts(raw: string | undefined, source = 'ALLOWED_HOSTS'): string[] {
  const hosts: string[] = [];
  for (const entry of (raw ?? '').split(',')) {
    const value = entry.trim().toLowerCase();
    if (!value) continue;
    if (!/^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/.test(value)) {
      throw new ConfigError(`${source} entry ${JSON.stringify(entry.trim())} is not a bare host name; expected names such as proxy.internal or [fd00::1], without scheme or port`);
    }
    hosts.push(value);
  }
  return hosts;
}
