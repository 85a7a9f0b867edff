import type { ProxyRequest, ResponseSink } from '../http/proxy-request.js';
import type { ExchangeCall } from '../exchange/exchange-call.js';
import { serveRoutePlan } from '../exchange/serve-route-plan.js';
import { parseJsonBody } from '../http/http-io.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import type { RequestScope } from '../http/request-scope.js';
import type { Logger } from '../log/logger.js';
import { limitPlanToAccessKey } from '../routing/limit-plan-to-access-key.js';
import { planRoute } from '../routing/plan-route.js';
import type { ClientApi, RequestSummary } from '../routing/summarize-request.js';

/** One JSON endpoint of a client API: how its body is checked, served and its errors shown. */
export interface ClientEndpoint<Request extends { model: string; stream?: boolean | null }> {
  clientApi: ClientApi;
  validate(body: unknown): Request;
  /** The facts routing reads (thinking, images, web search, estimated tokens). */
  summarize(request: Request, bodyBytes: number): RequestSummary;
  /** The exchange method of the candidate's backend kind. */
  serve(call: ExchangeCall<Request>): Promise<void>;
  sendError(res: ResponseSink, scope: RequestScope, thrown: unknown, logger: Logger): void;
}

/** Reads and validates the body, plans the route and serves it; any failure in the client's protocol. */
export async function serveClientRequest<Request extends { model: string; stream?: boolean | null }>(
  runtime: ProxyRuntime,
  req: ProxyRequest,
  res: ResponseSink,
  scope: RequestScope,
  endpoint: ClientEndpoint<Request>,
): Promise<void> {
  try {
    const rawBody = await req.readBody(runtime.config.limits.maxBodyBytes);
    const request = endpoint.validate(parseJsonBody(rawBody));
    scope.log.stream = request.stream === true;
    scope.log.requestedModel = request.model;
    const config = runtime.config;
    const plan = limitPlanToAccessKey(planRoute(config, endpoint.summarize(request, rawBody.byteLength)), scope.accessKey);
    if (config.source.kind === 'file') scope.log.route = plan.route;
    if (runtime.logger.level === 'debug') runtime.logger.debug(() => `${scope.requestId} route ${plan.route}: ${plan.why}`);
    await serveRoutePlan(plan, { runtime, scope, req, res, request, rawBody }, endpoint.serve);
  } catch (error) {
    endpoint.sendError(res, scope, error, runtime.logger);
  }
}
