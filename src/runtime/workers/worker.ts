/**
 * The Cloudflare Worker entry: the same request handler as the Node server
 * (app/create-request-handler.ts), over `Request`/`Response` and `fetch`. Configuration comes
 * from the Worker's vars and secrets (worker-config.ts). Build with `npm run build:worker`,
 * deploy with `npm run deploy:worker` (wrangler.toml at the repository root).
 */
import { fetchProxyRequest, FetchResponseSink } from './fetch-exchange.js';
import { stringVarsOf } from './worker-config.js';
import { workerHandlerFor } from './worker-handler.js';

/** The part of the Workers `ExecutionContext` used here. */
interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  fetch(request: Request, env: Readonly<Record<string, unknown>>, ctx: WorkerContext): Promise<Response> | Response {
    const handler = workerHandlerFor(new URL(request.url).hostname, stringVarsOf(env));
    if (handler.kind === 'misconfigured') return handler.answer();
    const sink = new FetchResponseSink(request.signal);
    handler.handle(fetchProxyRequest(request), sink);
    // The answer streams on after `fetch` returns; the log line and the upstream's release come at its end.
    ctx.waitUntil(sink.done);
    return sink.response;
  },
};
