/**
 * Who may read the operator's pages. With no access keys (loopback, the quick start) they are
 * open like everything else. With access keys, only the admin key opens them: `ADMIN_API_KEY`
 * (else `PROXY_API_KEY`) in environment mode, the file's `adminKey` in file mode, sent as
 * `x-api-key` or `Authorization: Bearer`, compared in constant time. A team member's access key
 * does not: the pages show everyone's traffic.
 *
 * A browser cannot send a header on page load, so the dashboard also takes the key once as
 * `?key=` (only where the route allows it, `queryKey`), answers with the `adminCookie` and a
 * redirect that drops the key from the address bar; the cookie (HttpOnly, SameSite=Strict)
 * then opens the page, its script and its event stream.
 */
import type { ProxyConfig } from '../config/config-types.js';
import { ProxyError } from '../errors/proxy-error.js';
import { clientApiKey } from '../http/http-io.js';
import type { RequestHeaders } from '../http/proxy-request.js';
import { keysEqual } from '../http/keys-equal.js';

/** The cookie that carries the admin key of a browser that presented it once. */
export const adminCookie = 'claude_proxy_admin';

/** `url` is given only for routes that take the key as `?key=` (the dashboard page). */
export function adminAccessProblem(config: ProxyConfig, headers: RequestHeaders, url?: string): ProxyError | undefined {
  if (config.accessKeys.length === 0 && config.adminApiKey === undefined) return undefined;
  if (config.adminApiKey === undefined) {
    const setting = config.source.kind === 'file' ? `adminKey in ${config.source.path}` : 'ADMIN_API_KEY';
    return new ProxyError('permission', `The operator pages need an admin key, and none is configured: set ${setting}.`, { status: 403 });
  }
  const presented = [clientApiKey(headers), cookieValue(headers, adminCookie), url === undefined ? undefined : queryKey(url)];
  // Every way is compared (no early exit), so the time says nothing of which one came close.
  let open = false;
  for (const key of presented) if (keysEqual(key, config.adminApiKey)) open = true;
  if (open) return undefined;
  return new ProxyError('authentication', 'This page needs the admin key: send it as x-api-key or Authorization: Bearer; in a browser, open /?key=<admin key> once.');
}

/** The `key` parameter of a request URL's query, if any. */
export function queryKey(url: string): string | undefined {
  const start = url.indexOf('?');
  if (start < 0) return undefined;
  return new URLSearchParams(url.slice(start + 1)).get('key') ?? undefined;
}

/** One cookie's value from the `Cookie` header (percent-decoded; undefined when absent or malformed). */
export function cookieValue(headers: RequestHeaders, name: string): string | undefined {
  const header = headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (text === undefined) return undefined;
  for (const part of text.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The `Set-Cookie` value that lets this browser in from now on: the key itself (it is what the
 * browser presented; a derived token would need state shared by every isolate of a Worker),
 * out of reach of scripts (HttpOnly), never sent by other sites' pages (SameSite=Strict), for
 * the browser session only. `Secure` when the page was reached over https.
 */
export function adminCookieHeader(adminKey: string, secure: boolean): string {
  return `${adminCookie}=${encodeURIComponent(adminKey)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}
