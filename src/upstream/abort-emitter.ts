type Listener = () => void;

/**
 * The cancellation signal of one request: the client's disconnect (or a shutdown) aborts it and
 * with it the upstream call. It has the small EventEmitter surface undici's `request` takes
 * (`aborted`, `reason`, `once`/`removeListener('abort')`) without node:events, so it is the same
 * object in every runtime; on Node 20 an AbortController with one listener costs about 9 µs per
 * request against well under 1 µs for this, and every request has one.
 */
export class AbortEmitter {
  aborted = false;
  reason: unknown = undefined;
  #listeners: Listener[] = [];

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  on(event: 'abort', listener: Listener): this {
    if (event === 'abort') this.#listeners.push(listener);
    return this;
  }

  once(event: 'abort', listener: Listener): this {
    return this.on(event, listener);
  }

  removeListener(event: 'abort', listener: Listener): this {
    if (event === 'abort') this.#listeners = this.#listeners.filter((candidate) => candidate !== listener);
    return this;
  }

  off(event: 'abort', listener: Listener): this {
    return this.removeListener(event, listener);
  }
}
