import type { ProxyRuntime } from '../http/proxy-runtime.js';
import type { ProxyRequest, ResponseSink } from '../http/proxy-request.js';
import type { RequestScope } from '../http/request-scope.js';
import type { Route } from '../routing/resolve-route.js';
import type { BackendAttempt } from './backend-attempt.js';

/**
 * One validated client request on its way to one candidate of its route plan. The exchange of
 * the pair (client API × the candidate's backend kind) translates it for that backend, sends it
 * and writes the answer.
 */
export interface ExchangeCall<Request> {
  runtime: ProxyRuntime;
  scope: RequestScope;
  /** The client's request as received: query and headers for passthroughs. */
  req: ProxyRequest;
  res: ResponseSink;
  /** The validated body. */
  request: Request;
  /** The body as received, forwarded untouched by a passthrough when nothing in it changes. */
  rawBody: Uint8Array;
  route: Route;
  /** This try of the candidate: its key, and whether an error answer leads to another try. */
  attempt: BackendAttempt;
}
