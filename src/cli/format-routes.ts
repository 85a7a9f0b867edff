import type { ProxyConfig, RouteTarget } from '../config/config-types.js';
import type { RoutePlan } from '../routing/resolve-route.js';

/** Claude Code's tasks in the order they are checked (plan-file-route.ts), with when each applies. */
const taskRoutes = [
  ['longContext', 'estimated input tokens over the threshold'],
  ['webSearch', 'the request carries a web search tool'],
  ['image', 'an image in the latest user turn'],
  ['think', 'thinking requested'],
  ['background', 'a haiku-class model (background calls)'],
  ['default', 'everything else'],
] as const;

function targetsText(targets: readonly RouteTarget[]): string {
  return targets.map((target) => `${target.backend},${target.model}`).join('  then  ');
}

/** The file's routing, in the order it is checked: one line per rule and route. */
export function formatRoutes(config: ProxyConfig): string[] {
  const lines = ['Routes (checked in this order; a list is a fallback chain):', '  requested'.padEnd(16) + '"backend,model" from the client -> that backend and model'];
  for (const rule of config.rules) lines.push(`  ${rule.name}`.padEnd(16) + `model ${rule.match.model ?? '*'} -> ${targetsText(rule.targets)}`);
  for (const [name, when] of taskRoutes) {
    const route = config.routes[name];
    if (route === undefined) continue;
    const targets = 'targets' in route ? route.targets : route;
    const condition = name === 'longContext' && 'thresholdTokens' in route ? `over ${route.thresholdTokens} estimated input tokens` : when;
    lines.push(`  ${name}`.padEnd(16) + `${condition} -> ${targetsText(targets)}`);
  }
  return lines;
}

/** `routes --explain`: the chosen route, why, and the candidates in order. */
export function formatPlan(plan: RoutePlan): string[] {
  return [
    `route: ${plan.route} (${plan.why})`,
    ...plan.candidates.map((candidate, index) => `  ${index + 1}. ${candidate.backend.name},${candidate.model ?? '(first of /models)'}  ${candidate.backend.baseUrl}  [${candidate.reason}]`),
  ];
}
