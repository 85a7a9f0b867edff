/**
 * The route plan of a request: where it may go, in order. Environment mode maps the model name
 * (`resolve-route.ts`: tier variables, MODEL_MAP, OPEN_MODEL) to one candidate; the
 * configuration file routes by Claude Code's task (`plan-file-route.ts`) to a fallback chain.
 * Each candidate is translated for its own backend's capabilities, inside the loop that sends.
 */
import type { ProxyConfig } from '../config/config-types.js';
import { planFileRoute } from './plan-file-route.js';
import { resolveOpenAIClientRoute, resolveRoute, type RoutePlan } from './resolve-route.js';
import type { RequestSummary } from './summarize-request.js';

export type { RoutePlan };

/** The plan for a request. Pure. */
export function planRoute(config: ProxyConfig, summary: RequestSummary): RoutePlan {
  if (config.source.kind === 'file') return planFileRoute(config, summary);
  const route = summary.clientApi === 'anthropic-messages' ? resolveRoute(config, summary.model) : resolveOpenAIClientRoute(config, summary.model);
  return { requestedModel: summary.model, route: 'model', why: route.reason, candidates: [route] };
}
