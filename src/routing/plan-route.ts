/**
 * The route plan of a request: where it may go, in order. Environment mode maps the model name
 * (`resolve-route.ts`: tier variables, MODEL_MAP, OPEN_MODEL) to one candidate; the
 * configuration file routes by Claude Code's task (`plan-file-route.ts`) to a fallback chain.
 * Each candidate is translated for its own backend's capabilities, inside the loop that sends.
 */
import type { ProxyConfig } from '../config/config-types.js';
import { planFileRoute } from './plan-file-route.js';
import { resolveOpenAIClientRoute, resolveRoute, type RoutePlan } from './resolve-route.js';
import type { ClientApi, RequestSummary } from './summarize-request.js';

export type { RoutePlan };

/**
 * Environment mode's plans, per configuration object (a reload brings a new one) and per client
 * API and model name: the plan depends on nothing else, and working it out (the name's words,
 * the tier rules, the backend by name) was a few microseconds every request paid. Frozen, since
 * every request for that name shares it; bounded, since clients choose model names. A name
 * whose routing fails is not remembered: it fails again, with the same error, each time.
 */
const environmentPlans = new WeakMap<ProxyConfig, Record<ClientApi, Map<string, RoutePlan>>>();
const maxRememberedPlans = 512;

/** The plan for a request. Pure: the same configuration and summary give an equal plan. */
export function planRoute(config: ProxyConfig, summary: RequestSummary): RoutePlan {
  if (config.source.kind === 'file') return planFileRoute(config, summary);
  let byApi = environmentPlans.get(config);
  if (byApi === undefined) {
    byApi = { 'anthropic-messages': new Map(), 'openai-chat': new Map(), 'openai-responses': new Map() };
    environmentPlans.set(config, byApi);
  }
  const plans = byApi[summary.clientApi];
  let plan = plans.get(summary.model);
  if (plan === undefined) {
    plan = environmentPlan(config, summary.clientApi, summary.model);
    if (plans.size >= maxRememberedPlans) plans.clear();
    plans.set(summary.model, plan);
  }
  return plan;
}

function environmentPlan(config: ProxyConfig, clientApi: ClientApi, model: string): RoutePlan {
  const route = clientApi === 'anthropic-messages' ? resolveRoute(config, model) : resolveOpenAIClientRoute(config, model);
  return Object.freeze({ requestedModel: model, route: 'model', why: route.reason, candidates: Object.freeze([Object.freeze(route)]) });
}
