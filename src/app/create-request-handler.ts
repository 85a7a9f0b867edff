import type { ProxyRequest, RequestHandler, ResponseSink } from '../http/proxy-request.js';
import { HOP_HEADER } from '../upstream/backend-call.js';
import { ProxyError } from '../errors/proxy-error.js';
import { handleAnthropicCountTokens } from '../frontends/anthropic-messages/handle-count-tokens.js';
import { handleAnthropicMessages } from '../frontends/anthropic-messages/handle-messages.js';
import { handleAnthropicModels } from '../frontends/anthropic-messages/handle-models.js';
import { handleUrlRoutedMessages } from '../frontends/anthropic-messages/handle-url-routed-messages.js';
import { urlRoutedEndpointOf } from '../routing/parse-url-route.js';
import { sendAnthropicError } from '../frontends/anthropic-messages/send-anthropic-error.js';
import { handleOpenAIChatCompletions } from '../frontends/openai-chat/handle-chat-completions.js';
import { handleOpenAIModels } from '../frontends/openai-chat/handle-openai-models.js';
import { handleOpenAIResponses, handleOpenAIResponsesCompact } from '../frontends/openai-responses/handle-responses.js';
import { sendOpenAIError } from '../frontends/openai-chat/send-openai-error.js';
import { checkBrowserAccess, type BrowserAccess } from '../http/check-browser-access.js';
import { clientApiKey, writeJson } from '../http/http-io.js';
import { keysEqual } from '../http/keys-equal.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import { createRequestScope, type RequestScope } from '../http/request-scope.js';
import { adminAccessProblem } from './admin-access.js';
import { adminRouteFor, type AdminRoute } from './admin-routes.js';
import './metrics-route.js';
import { watchDashboard } from './dashboard/dashboard-routes.js';
import type { AccessKey } from '../config/config-types.js';

export type { RequestHandler };

/** Dispatches each request by method and path to its frontend. Never throws. */
export function createRequestHandler(runtime: ProxyRuntime): RequestHandler {
  // The dashboard counts from the start, not from the first time someone opens it.
  watchDashboard(runtime);
  return (req, res) => {
    const rawUrl = req.url;
    const queryStart = rawUrl.indexOf('?');
    const path = normalizePath(queryStart >= 0 ? rawUrl.slice(0, queryStart) : rawUrl);
    const method = req.method;
    const access = checkBrowserAccess(method, req.headers, runtime.config);
    if (access.kind !== 'pass') {
      answerBrowserAccess(runtime, req, res, path, access);
      return;
    }
    if (access.headers) setHeaders(res, access.headers);
    const admin = adminRouteFor(req, method, path);
    if (admin) {
      serveAdminRoute(runtime, req, res, path, admin);
      return;
    }
    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      res.start(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(method === 'HEAD' ? undefined : 'claude-proxy is running\n');
      return;
    }
    if (path === '/health' && method === 'GET') {
      writeJson(res, 200, { status: 'ok' });
      return;
    }
    const scope = createRequestScope(runtime, req, res, path);
    const sendError = speaksOpenAI(req, path) ? sendOpenAIError : sendAnthropicError;
    const rejection = rejectRequest(runtime, req, scope);
    if (rejection) {
      req.discardBody();
      sendError(res, scope, rejection, runtime.logger);
      return;
    }
    const onError = (error: unknown) => sendError(res, scope, error, runtime.logger);
    try {
      dispatch(runtime, req, res, scope, method, path).catch(onError);
    } catch (error) {
      onError(error);
    }
  };
}

/** A preflight from an allowed page (204 with its grants), or a refused page or host (403, nothing else). */
function answerBrowserAccess(
  runtime: ProxyRuntime,
  req: ProxyRequest,
  res: ResponseSink,
  path: string,
  access: Exclude<BrowserAccess, { kind: 'pass' }>,
): void {
  req.discardBody();
  const scope = createRequestScope(runtime, req, res, path);
  if (access.kind === 'preflight') {
    res.start(204, access.headers);
    res.end();
    scope.finishLog(204);
    return;
  }
  const sendError = speaksOpenAI(req, path) ? sendOpenAIError : sendAnthropicError;
  sendError(res, scope, new ProxyError('permission', access.reason), runtime.logger);
}

/** An operator page: the admin key instead of the access keys; any failure in Anthropic's error format. */
function serveAdminRoute(runtime: ProxyRuntime, req: ProxyRequest, res: ResponseSink, path: string, route: AdminRoute): void {
  req.discardBody();
  const problem = adminAccessProblem(runtime.config, req.headers, route.queryKey ? req.url : undefined);
  if (problem) {
    const scope = createRequestScope(runtime, req, res, path);
    sendAnthropicError(res, scope, problem, runtime.logger);
    return;
  }
  Promise.resolve()
    .then(() => route.handle(runtime, req, res))
    .catch((error: unknown) => {
      runtime.logger.warn(`${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) writeJson(res, 500, { type: 'error', error: { type: 'api_error', message: `${path} failed.` } });
      else res.end();
    });
}

function setHeaders(res: ResponseSink, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/**
 * The frontend's promise, as it is: not an async function, whose `return promise` would cost
 * another promise and microtasks per request (issue 13). A throw here is the caller's to catch.
 */
function dispatch(
  runtime: ProxyRuntime,
  req: ProxyRequest,
  res: ResponseSink,
  scope: ReturnType<typeof createRequestScope>,
  method: string,
  path: string,
): Promise<void> {
  if (method === 'POST' && path === '/v1/messages') return handleAnthropicMessages(runtime, req, res, scope);
  if (method === 'POST' && path === '/v1/messages/count_tokens') return handleAnthropicCountTokens(runtime, req, res, scope);
  if (method === 'POST' && openAIChatPaths.has(path)) return handleOpenAIChatCompletions(runtime, req, res, scope);
  if (method === 'POST' && responsesPaths.has(path)) return handleOpenAIResponses(runtime, req, res, scope);
  if (method === 'POST' && responsesCompactPaths.has(path)) return handleOpenAIResponsesCompact(runtime, req, res, scope);
  if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
    if (speaksOpenAI(req, path)) handleOpenAIModels(res, runtime.config);
    else handleAnthropicModels(res, runtime.config);
    scope.finishLog(200);
    return Promise.resolve();
  }
  if (method === 'POST' && runtime.config.urlRouting.enabled && urlRoutedEndpointOf(path)) return handleUrlRoutedMessages(runtime, req, res, scope, path);
  req.discardBody();
  const status = knownPaths.has(path) ? 405 : 404;
  return Promise.reject(new ProxyError('not_found', status === 405 ? `Method ${method} is not allowed on ${path}.` : `Not found: ${method} ${path}`, { status }));
}

const openAIChatPaths = new Set(['/v1/chat/completions', '/chat/completions']);
const responsesPaths = new Set(['/v1/responses', '/responses']);
const responsesCompactPaths = new Set(['/v1/responses/compact', '/responses/compact']);
const knownPaths = new Set(['/v1/messages', '/v1/messages/count_tokens', '/v1/models', '/models', '/health', ...openAIChatPaths, ...responsesPaths, ...responsesCompactPaths]);

/**
 * Which protocol the client speaks, for error envelopes and /v1/models: the chat-completions
 * paths, and any request without `anthropic-version` (the Anthropic SDKs always send it) to
 * the models list, are OpenAI's. Everything else, unknown paths included, is Anthropic's.
 */
function speaksOpenAI(req: ProxyRequest, path: string): boolean {
  if (openAIChatPaths.has(path) || responsesPaths.has(path) || responsesCompactPaths.has(path)) return true;
  return (path === '/v1/models' || path === '/models') && req.headers['anthropic-version'] === undefined;
}

function normalizePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') : path;
}

/** Loop guard and the access keys; undefined when the request may go on (its key then on the scope). */
function rejectRequest(runtime: ProxyRuntime, req: ProxyRequest, scope: RequestScope): ProxyError | undefined {
  if (req.headers[HOP_HEADER] === runtime.instanceId) {
    return new ProxyError('invalid_request', 'Loop detected: this request came back to the proxy that sent it. A backend URL points at the proxy itself; set OPEN_AI_URL to the real backend.', { status: 508 });
  }
  const { accessKeys, source } = runtime.config;
  if (accessKeys.length === 0) return undefined;
  const key = matchAccessKey(accessKeys, clientApiKey(req.headers));
  if (!key) {
    const setting = source.kind === 'file' ? `accessKeys of ${source.path}` : 'PROXY_API_KEY is set';
    return new ProxyError('authentication', `Invalid or missing API key for this proxy (${setting}). Send your access key as x-api-key or Authorization: Bearer.`);
  }
  scope.accessKey = key;
  scope.log.key = key.name;
  return undefined;
}

/** The key presented, compared with every configured one (no early exit: the time says nothing of which came close). */
function matchAccessKey(keys: readonly AccessKey[], presented: string | undefined): AccessKey | undefined {
  let match: AccessKey | undefined;
  for (const key of keys) {
    if (keysEqual(presented, key.key) && match === undefined) match = key;
  }
  return match;
}
