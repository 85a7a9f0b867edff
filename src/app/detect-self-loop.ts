import type { BackendConfig } from '../config/config-types.js';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '[::1]', '[::]', '::1']);

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
  return loopbackHosts.has(host) || host === listenHost.toLowerCase();
}
