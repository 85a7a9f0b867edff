/**
 * The original project's URL routing: the backend and the model written in the request path,
 * `/<scheme>/<host>/<path…>/<model>/v1/messages` (e.g. `/https/api.groq.com/openai/v1/llama3-70b-8192/v1/messages`
 * is the base URL `https://api.groq.com/openai/v1` and the model `llama3-70b-8192`), and
 * `/…/<model>/v1/messages/count_tokens`. As in the original Cloudflare Worker, the last segment
 * before `/v1/messages` is the model, empty segments are skipped (so a pasted `/https://host/…`
 * works), and without an `http`/`https` segment first the scheme is https. Unlike the original,
 * the model segment is percent-decoded, so a model id with a slash is written encoded:
 * `openai%2Fgpt-4o` is the model `openai/gpt-4o` (the original could not express one).
 * Pure: which hosts may be reached is checked by `assertUrlRouteHostAllowed`, which addresses
 * by the upstream client.
 */
import type { UrlRoutingConfig } from '../config/config-types.js';
import { formatUrlRoutingHost, parseUrlRoutingHost, urlRoutingHostAllowed, type UrlRoutingHost } from '../config/url-routing-host.js';
import { ProxyError, RequestValidationError } from '../errors/proxy-error.js';

export type UrlRoutedEndpoint = 'messages' | 'count_tokens';

export interface UrlRoute {
  endpoint: UrlRoutedEndpoint;
  scheme: 'http' | 'https';
  host: UrlRoutingHost;
  /** `https://api.groq.com/openai/v1`: the backend's base URL, without trailing slash. */
  baseUrl: string;
  /** The backend model, percent-decoded. */
  model: string;
}

const suffixes: readonly (readonly [string, UrlRoutedEndpoint])[] = [
  ['/v1/messages', 'messages'],
  ['/v1/messages/count_tokens', 'count_tokens'],
];

/**
 * The endpoint a path asks for when it has the URL-routed shape (something before
 * `/v1/messages` or `/v1/messages/count_tokens`); undefined otherwise, `/v1/messages` itself included.
 */
export function urlRoutedEndpointOf(path: string): UrlRoutedEndpoint | undefined {
  for (const [suffix, endpoint] of suffixes) {
    if (path.length > suffix.length + 1 && path.endsWith(suffix)) return endpoint;
  }
  return undefined;
}

/** Schemes a person might write that URL routing never speaks (only http and https do). */
const otherSchemes = new Set(['ftp', 'ftps', 'sftp', 'file', 'ws', 'wss', 'gopher', 'ldap', 'ldaps', 'ssh', 'telnet', 'data', 'javascript', 'dict', 'smb']);

/** An RFC 3986 path segment: unreserved, sub-delims, `:`, `@` and percent escapes. */
const pathSegment = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;

const maxModelLength = 256;

/** A URL-routed path (raw, percent-encoded, without query) -> its route; a 400 naming what is wrong. */
export function parseUrlRoute(path: string): UrlRoute {
  const endpoint = urlRoutedEndpointOf(path);
  const suffix = suffixes.find(([, candidate]) => candidate === endpoint)?.[0];
  if (endpoint === undefined || suffix === undefined) throw urlRouteError('does not end with /v1/messages or /v1/messages/count_tokens');
  const segments = path.slice(0, path.length - suffix.length).split('/').filter((segment) => segment !== '');
  const first = segments[0]?.toLowerCase().replace(/:$/, '');
  let scheme: 'http' | 'https' = 'https';
  if (first === 'http' || first === 'https') {
    scheme = first;
    segments.shift();
  } else if (first !== undefined && (otherSchemes.has(first) || segments[0]?.endsWith(':'))) {
    throw urlRouteError(`names the scheme "${first}"; only http and https are routed`);
  }
  const [hostText, ...rest] = segments;
  const modelText = rest.pop();
  if (hostText === undefined || modelText === undefined) throw urlRouteError('needs a host and a model before /v1/messages');
  const host = parseUrlRoutingHost(hostText);
  if (!host) throw urlRouteError(`has "${hostText}" where the host belongs; expected a host name or address, optionally with :port, without user info`);
  for (const segment of rest) {
    if (!pathSegment.test(segment) || isDotSegment(segment)) throw urlRouteError(`has the path segment "${segment}", which is not allowed in a backend path`);
  }
  const model = decodeModel(modelText);
  const basePath = rest.length > 0 ? `/${rest.join('/')}` : '';
  return { endpoint, scheme, host, baseUrl: `${scheme}://${formatUrlRoutingHost(host)}${basePath}`, model };
}

/** Refuses (403) a route whose host is not on `urlRouting.allowHosts`, naming the host and the setting. */
export function assertUrlRouteHostAllowed(route: UrlRoute, config: UrlRoutingConfig): void {
  const allowed = config.allowHosts.some((entry) => {
    const parsed = parseUrlRoutingHost(entry);
    return parsed !== undefined && urlRoutingHostAllowed(parsed, route.host, route.scheme);
  });
  if (allowed) return;
  const host = formatUrlRoutingHost(route.host);
  throw new ProxyError(
    'permission',
    `URL routing may not reach ${host}: it is not on the allowlist. Add "${host}" to urlRouting.allowHosts in the configuration file (URL_ROUTING_ALLOW_HOSTS in environment mode); ` +
      'a port other than the scheme\'s default must be listed as host:port.',
  );
}

/** `.` and `..`, also percent-encoded (`%2e%2E`): URL parsers resolve them, which would climb out of the base path. */
function isDotSegment(segment: string): boolean {
  const dots = segment.replace(/%2e/gi, '.');
  return dots === '.' || dots === '..';
}

function decodeModel(text: string): string {
  let model: string;
  try {
    model = decodeURIComponent(text);
  } catch {
    throw urlRouteError(`has the model "${text}", whose percent escapes are not valid UTF-8`);
  }
  if (/[\u0000-\u001f\u007f]/.test(model) || model.trim() === '' || model.length > maxModelLength) {
    throw urlRouteError(`has the model "${text}", which is empty, too long or holds control characters`);
  }
  return model;
}

function urlRouteError(problem: string): RequestValidationError {
  return new RequestValidationError(
    `The URL-routed path ${problem}. Expected /<http|https>/<host>/<path…>/<model>/v1/messages, e.g. /https/api.groq.com/openai/v1/llama3-70b-8192/v1/messages; ` +
      'a model id with a slash is written percent-encoded (openai%2Fgpt-4o).',
  );
}
