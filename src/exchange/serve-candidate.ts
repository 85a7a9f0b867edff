import type { BackendConfig } from '../config/config-types.js';
import { ProxyError, UpstreamHttpError } from '../errors/proxy-error.js';
import type { Route } from '../routing/resolve-route.js';
import { keyRestMs } from '../upstream/backend-key-ring.js';
import { nextRetryStep, parseRetryAfterMs } from '../upstream/retry-policy.js';
import { CandidateAttempt } from './backend-attempt.js';
import type { ExchangeCall } from './exchange-call.js';

/** The request on its way to some candidate: everything but the candidate and the try. */
export type PlannedCall<Request> = Omit<ExchangeCall<Request>, 'route' | 'attempt'>;

/**
 * Serves the request by one candidate, trying it again while nothing has reached the client:
 * after a 401 or 429 with another of the backend's keys at once (the key rests); after a
 * retryable failure (429, 5xx, unreachable, timed out) up to `retry.retries` times, waiting the
 * backend's `retry-after` or a jittered backoff (a wait the client's disconnect cuts short).
 * Throws the last failure when no try is left here; the caller decides about the next candidate.
 * Every outcome goes into the backend's health record.
 */
export async function serveCandidate<Request>(
  route: Route,
  isLastCandidate: boolean,
  call: PlannedCall<Request>,
  serve: (call: ExchangeCall<Request>) => Promise<void>,
): Promise<void> {
  const { runtime, scope, res } = call;
  const { health, keys, timing } = runtime.resilience;
  const policy = runtime.config.retry;
  const backend = route.backend;
  const keySwitches = Math.max(0, backend.apiKeys.length - 1);
  let retriesUsed = 0;
  let keysSwitched = 0;
  for (;;) {
    const apiKey = keys.pick(backend);
    const attempt = new CandidateAttempt(apiKey, retriesUsed < policy.retries || !isLastCandidate, keysSwitched < keySwitches);
    try {
      await serve({ ...call, route, attempt });
    } catch (error) {
      if (res.headersSent || scope.abort.aborted || !(error instanceof ProxyError)) throw error;
      const status = error instanceof UpstreamHttpError ? error.upstreamStatus : undefined;
      if (restKeyForAnother(call, backend, apiKey, error, status, keysSwitched < keySwitches)) {
        keysSwitched++;
        continue;
      }
      if (!error.retryable) {
        // The backend answered (a 400, a 401): it is up, whatever the request's fault.
        if (status !== undefined) health.recordSuccess(backend.name);
        throw error;
      }
      health.recordFailure(backend.name, policy);
      const step = nextRetryStep(error, retriesUsed, policy, timing.now(), timing.random);
      if (step.kind === 'give-up') {
        if (step.because === 'retry-after too long') runtime.logger.info(`${scope.requestId} ${backend.name} asked to wait ${error.retryAfter} (retry-after), longer than maxRetryAfterMs ${policy.maxRetryAfterMs}: no retry`);
        throw error;
      }
      retriesUsed++;
      scope.log.retries = (scope.log.retries ?? 0) + 1;
      runtime.logger.info(
        `${scope.requestId} retry ${retriesUsed}/${policy.retries} of ${backend.name} in ${step.delayMs} ms (${step.because}) after ${causeOf(error, status)}`,
      );
      if (step.delayMs > 0 && !(await timing.sleep(step.delayMs, scope.abort))) throw abortedWhileWaiting(scope.abort.reason);
      continue;
    }
    // Served: a backend error piped as the answer (a passthrough's last try) still counts against it.
    const answered = scope.log.status;
    if (answered === 429 || answered >= 500) health.recordFailure(backend.name, policy);
    else health.recordSuccess(backend.name);
    return;
  }
}

/**
 * After a 401 or 429 on a backend with several keys: rests the key that got it and says whether
 * another key is free to try at once (`maySwitch`: this request has not tried every key yet);
 * logged as a retry, without the key.
 */
function restKeyForAnother<Request>(
  call: PlannedCall<Request>,
  backend: BackendConfig,
  apiKey: string | undefined,
  error: ProxyError,
  status: number | undefined,
  maySwitch: boolean,
): boolean {
  if ((status !== 401 && status !== 429) || apiKey === undefined || backend.apiKeys.length <= 1) return false;
  const { runtime, scope } = call;
  const { keys, timing } = runtime.resilience;
  keys.rest(backend, apiKey, keyRestMs(status, retryAfterMsOf(error, timing.now()), runtime.config.retry));
  if (!maySwitch || !keys.hasFreeKey(backend)) return false;
  scope.log.retries = (scope.log.retries ?? 0) + 1;
  runtime.logger.info(`${scope.requestId} retry of ${backend.name} with its next key (key ${backend.apiKeys.indexOf(apiKey) + 1} rested after HTTP ${status}), no delay`);
  return true;
}

function retryAfterMsOf(error: ProxyError, nowMs: number): number | undefined {
  return error.retryAfter === undefined ? undefined : parseRetryAfterMs(error.retryAfter, nowMs);
}

/** The status, or the first words of the failure: never a key (messages are redacted upstream and in the logger). */
function causeOf(error: ProxyError, status: number | undefined): string {
  if (status !== undefined) return `HTTP ${status}`;
  return error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message;
}

/** The client went away (or the server shuts down) during a retry's wait. */
function abortedWhileWaiting(reason: unknown): ProxyError {
  return reason instanceof ProxyError ? reason : new ProxyError('api_error', 'Request aborted.', { status: 499 });
}
