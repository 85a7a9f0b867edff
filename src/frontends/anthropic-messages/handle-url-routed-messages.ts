/**
 * The original project's URL routing, made safe: `POST /<scheme>/<host>/<path…>/<model>/v1/messages`
 * (and `/v1/messages/count_tokens`) served like /v1/messages, by a one-candidate route plan to an
 * OpenAI-compatible backend built from the path. Only hosts on `urlRouting.allowHosts` are
 * reached; unless `allowPrivateAddresses`, the upstream client refuses loopback, private,
 * link-local and metadata addresses (of the resolved name, not just the name); a redirect is an
 * error, never followed.
 *
 * The backend key: without access keys the client's own key (x-api-key, else Bearer) is the
 * backend's Bearer key, as in the original project. With access keys (or PROXY_API_KEY) the
 * client's key is its key to this proxy, which must never go to a host a client picked, so the
 * backend key comes from `x-backend-api-key`. The key is a header of the upstream call only:
 * nothing logs headers, and text read back from the backend has it cut out.
 */
import type { BackendConfig, ProxyConfig } from '../../config/config-types.js';
import { backendKeys } from '../../config/parse-config.js';
import { formatUrlRoutingHost } from '../../config/url-routing-host.js';
import { ProxyError } from '../../errors/proxy-error.js';
import { exchangeFor } from '../../exchange/exchange-registry.js';
import { serveRoutePlan } from '../../exchange/serve-route-plan.js';
import { clientApiKey, parseJsonBody } from '../../http/http-io.js';
import type { ProxyRequest, RequestHeaders, ResponseSink } from '../../http/proxy-request.js';
import type { ProxyRuntime } from '../../http/proxy-runtime.js';
import type { RequestScope } from '../../http/request-scope.js';
import { validateAnthropicCountTokensRequest, validateAnthropicMessagesRequest } from '../../protocols/anthropic/validate-request.js';
import { assertUrlRouteHostAllowed, parseUrlRoute, type UrlRoute } from '../../routing/parse-url-route.js';
import { limitPlanToAccessKey } from '../../routing/limit-plan-to-access-key.js';
import type { RoutePlan } from '../../routing/plan-route.js';
import { urlRoutedUpstreamClient } from '../../upstream/url-routed-upstream-client.js';

/** The header that carries the backend key when the proxy requires access keys. */
export const BACKEND_KEY_HEADER = 'x-backend-api-key';

/** Serves a URL-routed path (the caller checked that URL routing is on and the path has the shape). */
export async function handleUrlRoutedMessages(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, scope: RequestScope, path: string): Promise<void> {
  let route: UrlRoute;
  let plan: RoutePlan;
  try {
    route = parseUrlRoute(path);
    plan = limitPlanToAccessKey(urlRoutePlan(runtime.config, req.headers, route), scope.accessKey);
  } catch (error) {
    req.discardBody();
    throw error;
  }
  if (runtime.config.source.kind === 'file') scope.log.route = plan.route;
  // This request's calls carry the address policy; everything else of the runtime is shared.
  const policy = runtime.config.urlRouting.allowPrivateAddresses ? 'any' : 'public-only';
  const routed: ProxyRuntime = { ...runtime, upstream: urlRoutedUpstreamClient(runtime.upstream, policy) };
  const rawBody = await req.readBody(runtime.config.limits.maxBodyBytes);
  const exchange = exchangeFor('anthropic-messages', 'openai');
  const call = { runtime: routed, scope, req, res, rawBody };
  if (route.endpoint === 'count_tokens') {
    const request = validateAnthropicCountTokensRequest(parseJsonBody(rawBody));
    scope.log.requestedModel = request.model;
    return serveRoutePlan(plan, { ...call, request }, exchange.countTokens);
  }
  const request = validateAnthropicMessagesRequest(parseJsonBody(rawBody));
  scope.log.stream = request.stream === true;
  scope.log.requestedModel = request.model;
  return serveRoutePlan(plan, { ...call, request }, exchange.messages);
}

/**
 * The one-candidate plan of a routed path: an ad-hoc OpenAI-compatible backend named
 * `url:<host>` (what an access key's `backends` lists to allow it), on the route `urlRouting`
 * (what its `routes` lists). A host off the allowlist is refused here, before the body is read.
 */
function urlRoutePlan(config: ProxyConfig, headers: RequestHeaders, route: UrlRoute): RoutePlan {
  assertUrlRouteHostAllowed(route, config.urlRouting);
  const host = formatUrlRoutingHost(route.host);
  const backend: BackendConfig = {
    name: `url:${host}`,
    kind: 'openai',
    baseUrl: route.baseUrl,
    ...backendKeys(routedBackendKey(config, headers)),
    source: 'URL routing',
  };
  return {
    requestedModel: route.model,
    route: 'urlRouting',
    why: `the path names ${route.baseUrl} and the model ${route.model}`,
    candidates: [{ backend, model: route.model, reason: 'URL routing' }],
  };
}

/** The key for the routed backend; undefined when the client sent none (a local backend may take none). */
function routedBackendKey(config: ProxyConfig, headers: RequestHeaders): string | undefined {
  const proxyKeysRequired = config.accessKeys.length > 0 || config.proxyApiKey !== undefined;
  if (!proxyKeysRequired) return clientApiKey(headers);
  const key = headers[BACKEND_KEY_HEADER];
  if (typeof key === 'string' && key.trim() !== '') return key.trim();
  throw new ProxyError(
    'authentication',
    `This proxy takes an access key (x-api-key or Authorization), so URL routing takes the backend's key from the ${BACKEND_KEY_HEADER} header, which is missing. ` +
      `With Claude Code: ANTHROPIC_CUSTOM_HEADERS="${BACKEND_KEY_HEADER}: <the backend's key>".`,
  );
}
