import { describe, expect, it } from 'vitest';
import { ReadableStreamBody } from './readable-stream-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A stream of `chunks`, counting how many reads it served and whether it was cancelled. */
function countingStream(chunks: string[]): { stream: ReadableStream<Uint8Array>; pulls: () => number; cancelled: () => boolean } {
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[pulls++];
        if (next === undefined) controller.close();
        else controller.enqueue(bytes(next));
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}

const options = { idleTimeoutMs: 1_000, onIdle: () => {}, onDestroy: () => {} };

describe('ReadableStreamBody', () => {
  it('emits every chunk in order, then end, once a data listener is attached', async () => {
    const body = new ReadableStreamBody(countingStream(['a', 'b', 'c']).stream, options);
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      body.on('data', (chunk) => seen.push(new TextDecoder().decode(chunk)));
      body.on('end', resolve);
    });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(body.readableEnded).toBe(true);
  });

  it('reads nothing more while paused, and goes on after resume', async () => {
    const source = countingStream(['a', 'b', 'c', 'd']);
    const body = new ReadableStreamBody(source.stream, options);
    const seen: string[] = [];
    const ended = new Promise<void>((resolve) => body.on('end', resolve));
    body.on('data', (chunk) => {
      seen.push(new TextDecoder().decode(chunk));
      if (seen.length === 1) body.pause();
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen).toEqual(['a']);
    const pullsWhilePaused = source.pulls();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(source.pulls()).toBe(pullsWhilePaused);
    body.resume();
    await ended;
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('destroy cancels the stream and lets go of the call, without an error event', async () => {
    const source = countingStream(['a', 'b']);
    let destroyed = 0;
    let errors = 0;
    const body = new ReadableStreamBody(source.stream, { ...options, onDestroy: () => destroyed++ });
    body.on('error', () => errors++);
    body.destroy();
    body.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(source.cancelled()).toBe(true);
    expect(destroyed).toBe(1);
    expect(errors).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it('calls onIdle when no chunk comes within the idle timeout', async () => {
    let idle = 0;
    const silent = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) }, { highWaterMark: 0 });
    const body = new ReadableStreamBody(silent, { ...options, idleTimeoutMs: 20, onIdle: () => idle++ });
    body.on('data', () => {});
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(idle).toBe(1);
    body.destroy();
  });

  it('a body-less answer iterates as empty', async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of new ReadableStreamBody(null, options)) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
