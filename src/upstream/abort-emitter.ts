import { EventEmitter } from 'node:events';

/**
 * A cancellation signal for undici's `request` (which accepts an EventEmitter with `aborted`,
 * `reason` and an `abort` event as well as an AbortSignal). On Node 20 an AbortController with
 * one listener costs about 9 µs per request against 0.4 µs for this; every request has one.
 */
export class AbortEmitter extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
