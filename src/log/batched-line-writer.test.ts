import { describe, expect, it } from 'vitest';
import { createBatchedLineWriter, type LineSink } from './batched-line-writer.js';
import { createLogger } from './logger.js';

interface FakeSink extends LineSink {
  full: boolean;
  chunks: string[];
  drain(): void;
  lines(): string[];
}

/** A sink that records each write; `full` makes it report backpressure until `drain()`. */
function fakeSink(): FakeSink {
  const chunks: string[] = [];
  let drainListener: (() => void) | undefined;
  const sink: FakeSink = {
    full: false,
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return !sink.full;
    },
    once(_event: 'drain', listener: () => void) {
      drainListener = listener;
    },
    drain() {
      sink.full = false;
      const listener = drainListener;
      drainListener = undefined;
      listener?.();
    },
    lines: () => chunks.join('').split('\n').slice(0, -1),
  };
  return sink;
}

/** A scheduler the test runs by hand: each call of `tick()` is one turn of the event loop. */
function manualSchedule() {
  const queue: Array<() => void> = [];
  return { schedule: (flush: () => void) => { queue.push(flush); }, tick: () => { for (const flush of queue.splice(0)) flush(); } };
}

describe('batched line writer', () => {
  it('writes the lines of one tick as one chunk, in order', () => {
    const sink = fakeSink();
    const { schedule, tick } = manualSchedule();
    const writer = createBatchedLineWriter({ sink, schedule, droppedNotice: (n) => `dropped ${n}` });
    writer.write('a');
    writer.write('b');
    writer.write('c');
    expect(sink.chunks).toEqual([]);
    tick();
    writer.write('d');
    tick();
    expect(sink.chunks).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('waits for drain when the sink is full, keeps order, and flushes everything on close', async () => {
    const sink = fakeSink();
    const { schedule, tick } = manualSchedule();
    const writer = createBatchedLineWriter({ sink, schedule, droppedNotice: (n) => `dropped ${n}` });
    sink.full = true;
    writer.write('1');
    tick();
    writer.write('2');
    writer.write('3');
    tick();
    // Backpressure: nothing more is written until the sink drains.
    expect(sink.chunks).toEqual(['1\n']);
    sink.drain();
    tick();
    expect(sink.lines()).toEqual(['1', '2', '3']);
    writer.write('4');
    writer.write('5');
    let closed = false;
    const closing = writer.close().then(() => { closed = true; });
    expect(sink.lines()).toEqual(['1', '2', '3', '4', '5']);
    await closing;
    expect(closed).toBe(true);
  });

  it('close resolves only once a full sink has drained', async () => {
    const sink = fakeSink();
    const writer = createBatchedLineWriter({ sink, schedule: () => undefined, droppedNotice: (n) => `dropped ${n}` });
    sink.full = true;
    writer.write('last');
    let closed = false;
    const closing = writer.close().then(() => { closed = true; });
    await Promise.resolve();
    expect(sink.lines()).toEqual(['last']);
    expect(closed).toBe(false);
    sink.drain();
    await closing;
    expect(closed).toBe(true);
  });

  it('a sink that never drains does not grow memory without bound: lines past the cap are dropped, counted, and announced', () => {
    const sink = fakeSink();
    const { schedule, tick } = manualSchedule();
    const writer = createBatchedLineWriter({ sink, schedule, maxPendingChars: 100, droppedNotice: (n) => `dropped ${n}` });
    sink.full = true;
    writer.write('first');
    tick();
    for (let i = 0; i < 10_000; i++) writer.write(`line ${String(i).padStart(4, '0')}`);
    tick();
    // 100 characters hold ten 9-character lines with their newlines.
    expect(writer.dropped).toBe(10_000 - 10);
    expect(sink.chunks).toEqual(['first\n']);
    sink.drain();
    tick();
    expect(sink.lines()).toEqual(['first', 'dropped 9990', ...Array.from({ length: 10 }, (_, i) => `line 000${i}`)]);
    writer.write('after');
    tick();
    expect(sink.lines().at(-1)).toBe('after');
  });

  it('is what the logger uses without a write callback: batched per tick, flushed by flush()', async () => {
    const sink = fakeSink();
    const logger = createLogger({ level: 'info', secrets: ['secret-1'], format: 'json', sink });
    for (let i = 0; i < 100; i++) logger.request({ requestId: `req_${i}`, method: 'POST', path: '/v1/messages', status: 200, totalMs: i });
    logger.info('key secret-1');
    expect(sink.chunks).toEqual([]);
    await logger.flush();
    expect(sink.chunks).toHaveLength(1);
    const entries = sink.lines().map((line) => JSON.parse(line) as { requestId?: string; msg: string });
    expect(entries.map((entry) => entry.requestId ?? entry.msg)).toEqual([...Array.from({ length: 100 }, (_, i) => `req_${i}`), 'key [REDACTED]']);
    logger.info('on the next tick');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.chunks).toHaveLength(2);
  });
});
