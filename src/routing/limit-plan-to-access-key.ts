/**
 * An access key may be limited to some routes (`routes: [default, background]`) or backends
 * (`backends: [local]`). Pure: the plan is cut to what the key may use, or refused with a 403
 * that names the route or backends, so the person knows which key to ask for.
 */
import type { AccessKey } from '../config/config-types.js';
import { ProxyError } from '../errors/proxy-error.js';
import type { RoutePlan } from './plan-route.js';

export function limitPlanToAccessKey(plan: RoutePlan, key: AccessKey | undefined): RoutePlan {
  if (key === undefined || (key.routes === undefined && key.backends === undefined)) return plan;
  if (key.routes !== undefined && !key.routes.includes(plan.route)) {
    throw new ProxyError('permission', `The access key "${key.name}" may not use the route "${plan.route}" (${plan.why}); it may use: ${key.routes.join(', ') || 'none'}.`, { status: 403 });
  }
  const allowed = key.backends;
  if (allowed === undefined) return plan;
  const candidates = plan.candidates.filter((candidate) => allowed.includes(candidate.backend.name));
  if (candidates.length === 0) {
    const wanted = [...new Set(plan.candidates.map((candidate) => candidate.backend.name))].join(', ');
    throw new ProxyError('permission', `The access key "${key.name}" may not use the backend ${wanted} (route "${plan.route}"); it may use: ${allowed.join(', ') || 'none'}.`, { status: 403 });
  }
  return candidates.length === plan.candidates.length ? plan : { ...plan, candidates };
}
