import { UpstreamTimeoutError } from '../errors/proxy-error.js';
import { AbortEmitter } from './abort-emitter.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './upstream-client.js';

/**
 * One call bounded as a whole (`totalMs`: from sending to the body's last byte), whatever the
 * runtime: the call gets its own abort signal, which follows the request's (the client's
 * disconnect) and fires by itself at the deadline with an UpstreamTimeoutError that names the
 * backend and the limit. Before the headers the call rejects with that error; after them the
 * body fails with it, so a stream ends with the client protocol's error frame.
 */
export async function sendWithinTotalTime(client: UpstreamClient, request: UpstreamRequest, totalMs: number): Promise<UpstreamResponse> {
  const deadline = new AbortEmitter();
  const parent = request.signal;
  const followParent = () => deadline.abort(parent?.reason);
  if (parent?.aborted) followParent();
  else parent?.once('abort', followParent);
  const timer = setTimeout(() => {
    deadline.abort(new UpstreamTimeoutError(`Backend ${request.label} did not finish within ${totalMs} ms (its total time limit, totalMs).`));
  }, totalMs);
  // Node: a pending deadline must not keep the process alive.
  (timer as { unref?: () => void }).unref?.();
  const release = () => {
    clearTimeout(timer);
    parent?.removeListener('abort', followParent);
  };
  let response: UpstreamResponse;
  try {
    response = await client.send({ ...request, signal: deadline });
  } catch (error) {
    release();
    throw error;
  }
  // A body the caller destroys early keeps the timer until it fires, which then aborts nothing.
  response.body.on('end', release);
  response.body.on('error', release);
  return response;
}
