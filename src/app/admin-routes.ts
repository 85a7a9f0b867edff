/**
 * The operator's pages (`/metrics`, the dashboard): not a client API, so not behind the access
 * keys but behind the admin key (`admin-access.ts`). Each entry answers one method + path; a
 * handler may also decline (return false) so that the request goes on as usual (`GET /` answers
 * the dashboard only to a browser, the plain-text probe otherwise).
 */
import type { ProxyRequest, ResponseSink } from '../http/proxy-request.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';

export interface AdminRoute {
  method: 'GET';
  path: string;
  /** Whether this route takes the request (e.g. only when it accepts text/html). */
  wants?: (req: ProxyRequest) => boolean;
  /** Takes the admin key as `?key=` too (the browser page, which cannot send a header on load). */
  queryKey?: boolean;
  handle(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink): void | Promise<void>;
}

/** Filled by the metrics and dashboard modules. */
export const adminRoutes: AdminRoute[] = [];

/** The admin route that takes this request, if any. */
export function adminRouteFor(req: ProxyRequest, method: string, path: string): AdminRoute | undefined {
  return adminRoutes.find((route) => route.method === method && route.path === path && (route.wants === undefined || route.wants(req)));
}
