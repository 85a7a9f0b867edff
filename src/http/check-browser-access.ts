import type { ProxyConfig } from '../config/config-types.js';
import { isLoopbackHost } from '../config/parse-config.js';

/** The request headers the policy reads (node's IncomingHttpHeaders fits). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * What to do with a request before it reaches any frontend:
 * - `pass`: go on; `headers` (CORS grants for an allowed page) go on the answer;
 * - `preflight`: a CORS preflight from an allowed page, answered 204 with `headers`;
 * - `refuse`: a 403 in the client's envelope, with `reason`; nothing reaches a backend.
 */
export type BrowserAccess =
  | { kind: 'pass'; headers: Record<string, string> | undefined }
  | { kind: 'preflight'; headers: Record<string, string> }
  | { kind: 'refuse'; reason: string };

/** Response headers a browser page may read (the SDKs look at these). */
const exposedHeaders = 'request-id, x-request-id, retry-after, x-should-retry';
/** Header names a preflight may ask for; the echoed list is filtered by it. */
const headerListPattern = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/**
 * The browser policy, pure over method, headers and config. Web pages must not spend the user's
 * keys: a request with an `Origin` that is not localhost/127.0.0.1/[::1] (any port, http or
 * https) or in ALLOWED_ORIGINS is refused, even the CORS "simple" ones a browser sends without
 * a preflight. Requests without `Origin` (CLIs, SDKs, curl) are not browsers' cross-site ones.
 * While listening on loopback, the `Host` must be a loopback name (see `isAllowedHost`), so a
 * page whose name was re-pointed at 127.0.0.1 (DNS rebinding) cannot read answers either.
 */
export function checkBrowserAccess(method: string, headers: RequestHeaders, config: ProxyConfig): BrowserAccess {
  const host = headers.host;
  if (isLoopbackHost(config.host) && typeof host === 'string' && !isAllowedHost(host, config.allowedHosts)) {
    return { kind: 'refuse', reason: `Host ${JSON.stringify(host)} is not allowed: the proxy listens on loopback and accepts only loopback host names (add the name to ALLOWED_HOSTS to allow it).` };
  }
  const origin = headers.origin;
  if (origin === undefined) return { kind: 'pass', headers: undefined };
  const value = Array.isArray(origin) ? origin.join(', ') : origin;
  const normalized = normalizeOrigin(value);
  if (normalized === undefined || !isAllowedOrigin(normalized, config.allowedOrigins)) {
    return { kind: 'refuse', reason: `Requests from the web page origin ${JSON.stringify(value)} are not allowed (add it to ALLOWED_ORIGINS to allow it).` };
  }
  const granted = { 'access-control-allow-origin': value, vary: 'Origin' };
  if (method !== 'OPTIONS') return { kind: 'pass', headers: { ...granted, 'access-control-expose-headers': exposedHeaders } };
  return { kind: 'preflight', headers: preflightHeaders(granted, headers) };
}

function preflightHeaders(granted: Record<string, string>, headers: RequestHeaders): Record<string, string> {
  const answer: Record<string, string> = {
    ...granted,
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-max-age': '600',
  };
  const requested = headers['access-control-request-headers'];
  if (typeof requested === 'string' && headerListPattern.test(requested.trim())) answer['access-control-allow-headers'] = requested.trim();
  // Chrome's Private Network Access: a public page asking to reach loopback. Granted only here,
  // that is, only to an allowed origin.
  if (headers['access-control-request-private-network'] === 'true') answer['access-control-allow-private-network'] = 'true';
  return answer;
}

/**
 * `scheme://host[:port]` of a well-formed http(s) Origin header, lowercase, default port left
 * out; undefined for `null`, other schemes and anything with a path or credentials.
 */
export function normalizeOrigin(value: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(value)) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

const loopbackOriginHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  const hostname = new URL(origin).hostname;
  return loopbackOriginHosts.has(hostname);
}

/**
 * A `Host` header value (maybe with a port, IPv6 in brackets) that names this machine: a
 * loopback IP literal (127.0.0.0/8, ::1), `localhost`, `*.localhost` (RFC 6761: always
 * loopback, browsers resolve it themselves), or a name in ALLOWED_HOSTS. A name that DNS
 * resolves is refused: DNS is what a rebinding attacker controls.
 */
export function isAllowedHost(hostHeader: string, allowedHosts: readonly string[]): boolean {
  const hostname = hostnameOf(hostHeader.trim().toLowerCase());
  if (hostname === undefined) return false;
  if (allowedHosts.includes(hostname)) return true;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return /^[a-z0-9.-]+$/.test(hostname);
  if (hostname === '[::1]') return true;
  return isLoopbackIPv4(hostname);
}

/** The host part of `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when malformed. */
function hostnameOf(value: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(value);
  return match?.[1];
}

function isLoopbackIPv4(hostname: string): boolean {
  const match = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}
