/**
 * What the writer needs of a stream: Node's `process.stdout` (or any Writable) fits. No import of
 * node:stream, so the log folder stays runtime-neutral.
 */
export interface LineSink {
  /** False when the stream's buffer is full: wait for `drain` before writing more. */
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface BatchedLineWriterOptions {
  sink: LineSink;
  /**
   * Lines (in UTF-16 units) held while the sink is slow; past it new lines are dropped and
   * counted, so a stuck log reader cannot grow the proxy's memory without bound. Default 4 MiB.
   */
  maxPendingChars?: number;
  /** The line written before the next batch after lines were dropped (in the log's own format). */
  droppedNotice: (count: number) => string;
  /** When to write the batch; the next turn of the event loop by default. */
  schedule?: (flush: () => void) => void;
}

export interface BatchedLineWriter {
  /** Queues one line (without its newline); written with the others of this tick, in order. */
  write(line: string): void;
  /** Writes everything queued now, whatever the backpressure (for `exit` handlers). */
  flushSync(): void;
  /** Writes everything queued and resolves once the sink has taken it (drained). */
  close(): Promise<void>;
  /** Lines dropped so far because the sink did not keep up. */
  readonly dropped: number;
}

const defaultSchedule: (flush: () => void) => void =
  typeof setImmediate === 'function' ? (flush) => { setImmediate(flush); } : (flush) => queueMicrotask(flush);

/**
 * Log lines batched per event-loop tick and written as one chunk: one `write` call (one syscall
 * on a pipe or file) for all the requests that ended in that tick instead of one per line. When
 * the sink reports backpressure, lines wait for `drain` (up to `maxPendingChars`, then dropped and
 * counted, with a notice line once the sink takes lines again). Order is kept.
 */
export function createBatchedLineWriter(options: BatchedLineWriterOptions): BatchedLineWriter {
  const { sink, droppedNotice } = options;
  const maxPendingChars = options.maxPendingChars ?? 4 * 1024 * 1024;
  const schedule = options.schedule ?? defaultSchedule;
  let pending: string[] = [];
  let pendingChars = 0;
  let scheduled = false;
  let waitingForDrain = false;
  let dropped = 0;
  let droppedSinceNotice = 0;
  const drainWaiters: Array<() => void> = [];

  const onDrain = () => {
    waitingForDrain = false;
    for (const resolve of drainWaiters.splice(0)) resolve();
    if (pending.length > 0) flushSoon();
  };

  const writePending = () => {
    if (pending.length === 0 && droppedSinceNotice === 0) return;
    const lines = droppedSinceNotice > 0 ? [droppedNotice(droppedSinceNotice), ...pending] : pending;
    droppedSinceNotice = 0;
    pending = [];
    pendingChars = 0;
    if (!sink.write(`${lines.join('\n')}\n`) && !waitingForDrain) {
      waitingForDrain = true;
      sink.once('drain', onDrain);
    }
  };

  const flushSoon = () => {
    if (scheduled || waitingForDrain) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      if (!waitingForDrain) writePending();
    });
  };

  return {
    write(line) {
      if (pendingChars + line.length > maxPendingChars) {
        dropped++;
        droppedSinceNotice++;
        return;
      }
      pending.push(line);
      pendingChars += line.length + 1;
      flushSoon();
    },
    flushSync: writePending,
    close() {
      writePending();
      if (!waitingForDrain) return Promise.resolve();
      return new Promise<void>((resolve) => drainWaiters.push(resolve));
    },
    get dropped() {
      return dropped;
    },
  };
}
