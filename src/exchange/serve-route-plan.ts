import { ProxyError } from '../errors/proxy-error.js';
import type { RoutePlan } from '../routing/resolve-route.js';
import { onlyAttempt } from './backend-attempt.js';
import type { ExchangeCall } from './exchange-call.js';
import { serveCandidate, type PlannedCall } from './serve-candidate.js';

/**
 * Serves a request by the candidates of its plan, in order: each candidate is translated for its
 * own backend inside `serve`, and tried again (another key, retries with backoff) by
 * `serveCandidate`. The next candidate comes only after a retryable backend failure (unreachable,
 * timed out, 429 or 5xx, a broken answer) and only while nothing has reached the client. A
 * candidate whose backend rests after failures in a row is passed over, unless it is the last.
 */
export function serveRoutePlan<Request>(
  plan: RoutePlan,
  call: PlannedCall<Request>,
  serve: (call: ExchangeCall<Request>) => Promise<void>,
): Promise<void> {
  const { candidates } = plan;
  const only = candidates.length === 1 ? candidates[0]! : undefined;
  if (only === undefined) return serveInOrder(plan, call, serve);
  // One candidate that cannot be tried again (UPSTREAM_RETRIES=0, one key): no extra async frame
  // (and no health record: with one candidate there is nothing to skip to).
  if (call.runtime.config.retry.retries === 0 && only.backend.apiKeys.length <= 1) {
    return serve({ ...call, route: only, attempt: onlyAttempt(only.backend.apiKey) });
  }
  // One candidate (environment mode): its retries, without the loop over candidates.
  return serveCandidate(only, true, call, serve);
}

async function serveInOrder<Request>(
  plan: RoutePlan,
  call: PlannedCall<Request>,
  serve: (call: ExchangeCall<Request>) => Promise<void>,
): Promise<void> {
  const { candidates } = plan;
  if (candidates.length === 0) throw new Error(`The route plan for "${plan.requestedModel}" has no candidate.`);
  const { runtime, scope } = call;
  const { health } = runtime.resilience;
  const last = candidates.length - 1;
  for (let index = 0; ; index++) {
    const route = candidates[index]!;
    if (index < last && health.shouldSkip(route.backend.name, runtime.config.retry)) {
      (scope.log.skipped ??= []).push(route.backend.name);
      runtime.logger.info(`${scope.requestId} ${route.backend.name} skipped: resting after failures in a row (${health.restingFor(route.backend.name)} ms left); trying the next candidate.`);
      continue;
    }
    try {
      return await serveCandidate(route, index === last, call, serve);
    } catch (error) {
      if (index === last || !backendFailedBeforeAnswer(call.res.headersSent, scope.abort.aborted, error)) throw error;
      scope.log.retries = (scope.log.retries ?? 0) + 1;
      (scope.log.fallbacks ??= []).push(route.backend.name);
      runtime.logger.info(`${scope.requestId} ${route.backend.name} failed (${error instanceof Error ? error.message : String(error)}); trying the next candidate.`);
    }
  }
}

function backendFailedBeforeAnswer(headersSent: boolean, aborted: boolean, error: unknown): boolean {
  return !headersSent && !aborted && error instanceof ProxyError && error.retryable;
}
