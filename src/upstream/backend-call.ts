/** What every backend call shares, whatever the backend kind: the loop-guard header, timeouts, the client, a label. */
import type { BackendConfig } from '../config/config-types.js';
import type { AbortEmitter } from './abort-emitter.js';
import type { UpstreamClient } from './upstream-client.js';

/** Header that marks requests sent by a proxy instance; seeing our own id again means a loop. */
export const HOP_HEADER = 'x-claude-proxy-hop';

export interface BackendCallOptions {
  /** The runtime's upstream client (undici on Node). */
  client: UpstreamClient;
  signal?: AbortEmitter;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  instanceId: string;
}

export function backendLabel(backend: BackendConfig): string {
  return `${backend.name} (${backend.baseUrl})`;
}
