import { ProxyError } from '../errors/proxy-error.js';
import type { RoutePlan } from '../routing/resolve-route.js';
import type { ExchangeCall } from './exchange-call.js';

/**
 * Serves a request by the candidates of its plan, in order: each candidate is translated for its
 * own backend inside `serve`. Today's environment mode plans one candidate; when a plan has more
 * (the gateway's fallbacks), the next one is tried only after a backend failure (unreachable,
 * timed out, 429 or 5xx, a broken answer) and only while nothing has reached the client.
 */
export function serveRoutePlan<Request>(
  plan: RoutePlan,
  call: Omit<ExchangeCall<Request>, 'route'>,
  serve: (call: ExchangeCall<Request>) => Promise<void>,
): Promise<void> {
  // One candidate (environment mode): no loop, no extra async frame on every request.
  const { candidates } = plan;
  if (candidates.length === 1) return serve({ ...call, route: candidates[0]! });
  return serveInOrder(plan, call, serve);
}

async function serveInOrder<Request>(
  plan: RoutePlan,
  call: Omit<ExchangeCall<Request>, 'route'>,
  serve: (call: ExchangeCall<Request>) => Promise<void>,
): Promise<void> {
  const { candidates } = plan;
  for (let index = 0; ; index++) {
    const route = candidates[index];
    if (route === undefined) throw new Error(`The route plan for "${plan.requestedModel}" has no candidate.`);
    try {
      return await serve({ ...call, route });
    } catch (error) {
      if (index + 1 >= candidates.length || !backendFailedBeforeAnswer(call.res.headersSent, error)) throw error;
      call.runtime.logger.info(`${call.scope.requestId} ${route.backend.name} failed (${error instanceof Error ? error.message : String(error)}); trying the next candidate.`);
    }
  }
}

function backendFailedBeforeAnswer(headersSent: boolean, error: unknown): boolean {
  return !headersSent && error instanceof ProxyError && error.retryable;
}
