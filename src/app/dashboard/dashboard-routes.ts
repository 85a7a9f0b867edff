/**
 * The dashboard's admin routes, registered when this module is imported (by the request
 * handler, so every runtime has them): the page at `GET /` for a browser (and `/dashboard`),
 * its script and styles, a JSON snapshot and the live event stream. Behind the admin key
 * (admin-access.ts); the page also takes it once as `?key=` and turns it into a cookie.
 */
import { writeJson } from '../../http/http-io.js';
import type { ProxyRequest, ResponseSink } from '../../http/proxy-request.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import { adminCookieHeader, queryKey } from '../admin-access.js';
import { adminRoutes, type AdminRoute } from '../admin-routes.js';
import { dashboardSnapshot } from './dashboard-hub.js';
import { dashboardHtml } from './dashboard-page.js';
import { dashboardScript } from './dashboard-script.js';
import { dashboardCss } from './dashboard-styles.js';
import { streamDashboardEvents } from './stream-dashboard-events.js';

export { watchDashboard } from './dashboard-hub.js';

/**
 * Scripts and styles only from this proxy, no inline script, no frames, no forms, data only
 * from this origin (the event stream): a value that slipped into the markup could not run.
 */
export const dashboardCsp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const pageHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

const encoder = new TextEncoder();

function sendText(res: ResponseSink, contentType: string, text: string, headers: Record<string, string> = {}): void {
  const body = encoder.encode(text);
  res.start(200, { 'content-type': contentType, 'content-length': body.byteLength, ...pageHeaders, ...headers });
  res.end(body);
}

/** Browsers ask for `text/html` first; curl, SDKs and health checks do not, and keep the plain-text probe. */
export function acceptsHtml(req: ProxyRequest): boolean {
  const accept = req.headers.accept;
  const text = Array.isArray(accept) ? accept.join(',') : accept ?? '';
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(text);
}

function servePage(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink): void {
  if (queryKey(req.url) !== undefined) {
    // The key was right (admin-access checked it): keep it in a cookie, out of the address bar and history.
    const adminKey = runtime.config.adminApiKey;
    const headers: Record<string, string> = { location: req.url.slice(0, req.url.indexOf('?')) || '/', ...pageHeaders };
    if (adminKey !== undefined) headers['set-cookie'] = adminCookieHeader(adminKey, forwardedHttps(req));
    res.start(303, headers);
    res.end();
    return;
  }
  sendText(res, 'text/html; charset=utf-8', dashboardHtml, { 'content-security-policy': dashboardCsp });
}

/** Reached over https (directly or through a TLS-terminating proxy that says so): the cookie gets `Secure`. */
function forwardedHttps(req: ProxyRequest): boolean {
  return req.headers['x-forwarded-proto'] === 'https';
}

const routes: AdminRoute[] = [
  { method: 'GET', path: '/', wants: acceptsHtml, queryKey: true, handle: servePage },
  { method: 'GET', path: '/dashboard', queryKey: true, handle: servePage },
  { method: 'GET', path: '/dashboard/app.js', handle: (_runtime, _req, res) => sendText(res, 'text/javascript; charset=utf-8', dashboardScript) },
  { method: 'GET', path: '/dashboard/app.css', handle: (_runtime, _req, res) => sendText(res, 'text/css; charset=utf-8', dashboardCss) },
  { method: 'GET', path: '/dashboard/state', handle: (runtime, _req, res) => writeJson(res, 200, dashboardSnapshot(runtime), { 'cache-control': 'no-store' }) },
  { method: 'GET', path: '/dashboard/events', handle: (runtime, _req, res) => streamDashboardEvents(runtime, res) },
];

// Once, even if the module were loaded twice in a test's module graph.
for (const route of routes) {
  if (!adminRoutes.some((known) => known.method === route.method && known.path === route.path)) adminRoutes.push(route);
}
