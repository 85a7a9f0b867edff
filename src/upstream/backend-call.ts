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
  /** Time to open the connection; absent = the runtime's default. */
  connectTimeoutMs?: number;
  /** The whole call, headers to last byte; absent = no limit. */
  totalTimeoutMs?: number;
  instanceId: string;
  /** The key this call sends (picked from the backend's `apiKeys` in turn); absent = the backend's first key. */
  apiKey?: string;
}

/** The key a call sends: the one picked for it, else the backend's only (or first) key. */
export function apiKeyOf(backend: BackendConfig, options: BackendCallOptions): string | undefined {
  return options.apiKey ?? backend.apiKey;
}

/** The parts of an upstream request every backend call takes from its options: the cancel signal, the time limits, the label. */
export function callLimitsOf(backend: BackendConfig, options: BackendCallOptions) {
  return {
    signal: options.signal,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs,
    label: backendLabel(backend),
  };
}

/** `default (https://api.openai.com/v1)`: how messages name a backend. Made once per backend object; asked several times per request. */
export function backendLabel(backend: BackendConfig): string {
  let label = labels.get(backend);
  if (label === undefined) {
    label = `${backend.name} (${backend.baseUrl})`;
    labels.set(backend, label);
  }
  return label;
}

const labels = new WeakMap<BackendConfig, string>();
