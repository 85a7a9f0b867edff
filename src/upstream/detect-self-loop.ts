import type { BackendConfig } from '../config/config-types.js';
import { isLoopbackHost } from '../config/parse-config.js';
import { RoutingError } from '../errors/proxy-error.js';

/**
 * True when a backend URL points at this very proxy (same port on a local address), e.g. because
 * OPENAI_BASE_URL was copied from ANTHROPIC_BASE_URL. Forwarding would loop forever.
 */
export function backendPointsAtProxy(backend: BackendConfig, listenHost: string, listenPort: number): boolean {
  let url: URL;
  try {
    url = new URL(backend.baseUrl);
  } catch {
    return false;
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (port !== listenPort) return false;
  const host = url.hostname.toLowerCase();
  // A URL to the wildcard address reaches this machine too.
  return isLoopbackHost(host) || host === '0.0.0.0' || host === '[::]' || host === listenHost.toLowerCase();
}

/** The one place both frontends refuse a route whose backend is this proxy (a 508 that says why). */
export function assertBackendIsNotThisProxy(loopBackends: ReadonlySet<string>, backend: BackendConfig): void {
  if (!loopBackends.has(backend.name)) return;
  throw new RoutingError(
    `Backend "${backend.name}" (${backend.baseUrl}, from ${backend.source}) points at this proxy itself; ` +
      'forwarding would loop. Point it at the real backend.',
    { status: 508 },
  );
}
