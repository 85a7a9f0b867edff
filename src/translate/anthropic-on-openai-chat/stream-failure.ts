import type { ProxyError } from '../../errors/proxy-error.js';
import { renderAnthropicError } from '../../protocols/anthropic/render-error.js';
import type { StreamScope } from './stream-state.js';

/**
 * Ends the stream with one `error` event. A handler may fail in the middle of a chunk (a tool
 * call's arguments can no longer be delivered whole); the translator then drops whatever the
 * same step produced after the error, so the error stays the last event.
 */
export function failStream(scope: StreamScope, error: ProxyError): void {
  const { state } = scope;
  if (state.phase === 'failed') return;
  state.phase = 'failed';
  state.failure = error;
  scope.failedAt = scope.out.length;
  scope.out.push({ type: 'error', error: renderAnthropicError(error).error });
}
