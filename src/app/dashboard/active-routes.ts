/**
 * The routing in effect, as the dashboard lists it: in file mode the rules and task routes in
 * the order they are checked (as `routes` prints them), in environment mode the tier mapping
 * and the default. Read from `runtime.config` each time, so a reloaded file shows at once.
 */
import type { ProxyConfig, RouteTarget } from '../../config/config-types.js';
import type { DashboardRoute } from './dashboard-types.js';

const taskRouteOrder = ['longContext', 'webSearch', 'image', 'think', 'background', 'default'] as const;

export function activeRoutes(config: ProxyConfig): DashboardRoute[] {
  const routes: DashboardRoute[] = [];
  if (config.source.kind === 'file') {
    for (const rule of config.rules) routes.push({ name: rule.name, targets: targetNames(rule.targets), note: `model ${rule.match.model ?? '*'}` });
    for (const name of taskRouteOrder) {
      const route = config.routes[name];
      if (route === undefined) continue;
      if ('thresholdTokens' in route) routes.push({ name, targets: targetNames(route.targets), note: `over ${route.thresholdTokens} input tokens` });
      else routes.push({ name, targets: targetNames(route) });
    }
  } else {
    for (const route of config.tierRoutes) routes.push({ name: `*${route.tier}*`, targets: [`${route.backend}/${route.model}`], note: route.source });
    routes.push({ name: 'other claude-*', targets: [`${config.defaultBackend}/${config.defaultModel ?? '(first of /models)'}`], note: config.defaultModelSource });
  }
  if (config.urlRouting.enabled) routes.push({ name: 'URL routing', targets: [...config.urlRouting.allowHosts], note: 'hosts allowed' });
  return routes;
}

function targetNames(targets: readonly RouteTarget[]): string[] {
  return targets.map((target) => `${target.backend}/${target.model}`);
}
