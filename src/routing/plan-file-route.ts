/**
 * Routing by the configuration file: Claude Code's tasks (`routes:`) and `rules:`, in the
 * documented precedence (README, "Routes"):
 *   1. a `backend,model` name from the client (`/model deepseek,deepseek-chat` in Claude Code);
 *   2. `rules`, first match wins (a glob on the requested model);
 *   3. `longContext`: estimated input tokens over its threshold;
 *   4. `webSearch`: the request carries a web search tool;
 *   5. `image`: an image in the latest user turn;
 *   6. `think`: thinking requested;
 *   7. `background`: a haiku-class model name (Claude Code's small, fast calls);
 *   8. `default`.
 * A route's list of targets is the plan's fallback chain. Pure.
 */
import { splitBackendModel } from '../config/backend-model-name.js';
import type { BackendConfig, ProxyConfig, RouteTarget } from '../config/config-types.js';
import { RoutingError } from '../errors/proxy-error.js';
import { detectTier, type Route, type RoutePlan } from './resolve-route.js';
import type { RequestSummary } from './summarize-request.js';

export function planFileRoute(config: ProxyConfig, summary: RequestSummary): RoutePlan {
  const { model } = summary;
  const requested = splitBackendModel(model);
  if (requested) return plan(config, summary, 'requested', `the client asked for "${model}"`, [requested]);
  for (const rule of config.rules) {
    if (rule.match.model !== undefined && globMatches(rule.match.model, model)) {
      return plan(config, summary, rule.name, `"${model}" matches ${rule.match.model}`, rule.targets);
    }
  }
  const { routes } = config;
  if (routes.longContext && summary.estimatedInputTokens > routes.longContext.thresholdTokens) {
    const why = `about ${summary.estimatedInputTokens} input tokens, over the threshold of ${routes.longContext.thresholdTokens}`;
    return plan(config, summary, 'longContext', why, routes.longContext.targets);
  }
  if (routes.webSearch && summary.webSearch) return plan(config, summary, 'webSearch', 'the request carries a web search tool', routes.webSearch);
  if (routes.image && summary.imageInLatestTurn) return plan(config, summary, 'image', 'an image in the latest user turn', routes.image);
  if (routes.think && summary.thinking) return plan(config, summary, 'think', 'thinking requested', routes.think);
  if (routes.background && detectTier(model) === 'haiku') return plan(config, summary, 'background', `"${model}" is a haiku-class model`, routes.background);
  return plan(config, summary, 'default', 'no other route applies', routes.default ?? []);
}

function plan(config: ProxyConfig, summary: RequestSummary, route: string, why: string, targets: readonly RouteTarget[]): RoutePlan {
  if (targets.length === 0) throw new RoutingError(`The route "${route}" has no target.`);
  const candidates: Route[] = targets.map((target, index) => ({
    backend: backendNamed(config, target.backend),
    model: target.model,
    reason: index === 0 ? `route ${route}` : `route ${route}, fallback ${index}`,
  }));
  return { requestedModel: summary.model, route, why, candidates };
}

function backendNamed(config: ProxyConfig, name: string): BackendConfig {
  const backend = config.backends.find((candidate) => candidate.name === name);
  if (backend) return backend;
  const names = config.backends.map((candidate) => candidate.name).join(', ');
  throw new RoutingError(`No backend named "${name}" is configured (configured: ${names}). Ask for "backend,model" with one of these.`);
}

const globs = new Map<string, RegExp>();

/** `claude-opus-*` against a model name: `*` is any run of characters, the rest literal; case-insensitive, whole name. */
export function globMatches(glob: string, name: string): boolean {
  let pattern = globs.get(glob);
  if (!pattern) {
    pattern = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    globs.set(glob, pattern);
  }
  return pattern.test(name);
}
