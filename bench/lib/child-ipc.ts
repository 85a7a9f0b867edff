/**
 * The child side of the bench's process protocol: report `{ type: 'ready', port }` once
 * listening, answer `{ type: 'rss' }`, and exit when the driver goes away (no orphans).
 */
export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

export function announceReady(port: number, extra: Record<string, unknown> = {}): void {
  process.send?.({ type: 'ready', port, ...extra });
}

/** Routes driver messages to `handle`; exits when the IPC channel closes. */
export function onDriverMessage(handle: (message: ChildMessage) => unknown): void {
  process.on('message', (message: ChildMessage) => {
    const reply = handle(message);
    if (reply !== undefined) process.send?.({ type: `${message.type}:ack`, ...(reply as object) });
  });
  process.on('disconnect', () => process.exit(0));
}
