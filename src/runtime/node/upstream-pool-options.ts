import type { Agent } from 'undici';

/** undici's own default connect timeout, for calls that name none. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * What every upstream pool shares (the configured backends' pools and URL routing's checked
 * ones): keep-alive, and no cap per origin, since an LLM stream holds its connection for minutes
 * and a cap would make request N+1 wait, silently, for a stream to end. Idle sockets are reused.
 */
export const upstreamPoolOptions = {
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  connections: null,
  pipelining: 1,
} as const satisfies Agent.Options;
