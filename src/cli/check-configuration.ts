import type { BackendConfig, ProxyConfig } from '../config/config-types.js';
import { backendPointsAtProxy } from '../upstream/detect-self-loop.js';
import { formatRoutes } from './format-routes.js';

/** Hosts where a missing key is normal: this machine and private networks (Ollama, vLLM, LM Studio). */
function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (['localhost', '127.0.0.1', '::1', '0.0.0.0', 'host.docker.internal'].includes(host)) return true;
  if (host.endsWith('.local') || host.endsWith('.internal') || host.startsWith('127.')) return true;
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
}

/** True when the backend URL needs a key by all appearances but none is set. */
export function lacksNeededKey(backend: BackendConfig): boolean {
  if (backend.apiKey) return false;
  try {
    return !isLocalHost(new URL(backend.baseUrl).hostname);
  } catch {
    return false;
  }
}

/** Problems visible in the configuration alone, in plain words. Pure. */
export function checkConfiguration(config: ProxyConfig): string[] {
  const warnings: string[] = [];
  for (const backend of config.backends) {
    if (lacksNeededKey(backend)) {
      const variable = config.source.kind === 'file' ? `backends.${backend.name}.apiKey in ${config.source.path}` : backend.name === 'haiku' ? 'HAIKU_API_KEY' : 'API_KEY';
      warnings.push(`backend ${backend.name} (${backend.baseUrl}) is not on this machine but has no key: set ${variable}.`);
    }
    if (backendPointsAtProxy(backend, config.host, config.port)) {
      warnings.push(`backend ${backend.name} (${backend.baseUrl}) points at the proxy's own port ${config.port}: requests would loop. Set it to the real backend (was ANTHROPIC_BASE_URL copied?).`);
    }
  }
  if (!config.defaultModel && config.source.kind === 'environment') warnings.push('OPEN_MODEL is not set: the proxy will use the first model the backend lists. Set OPEN_MODEL to choose.');
  return warnings;
}

/** The resolved backends and model mapping, as the banner shows them. */
export function describeConfiguration(config: ProxyConfig, sources: string): string[] {
  const lines = ['Configuration', `  from: ${sources}`, '  backends:'];
  for (const backend of config.backends) {
    lines.push(`    ${backend.name.padEnd(8)} ${backend.baseUrl}  (${backend.source}, ${backend.apiKey ? 'key set' : 'no key'})`);
  }
  if (config.source.kind === 'file') return [...lines, ...formatRoutes(config).map((line) => `  ${line}`)];
  lines.push('  model mapping (first match wins):');
  for (const route of config.tierRoutes) lines.push(`    *${route.tier}*`.padEnd(20) + `-> ${route.model} @${route.backend}  (${route.source})`);
  lines.push('    other claude-*'.padEnd(20) + `-> ${config.defaultModel ?? 'first model of the backend /models'} @${config.defaultBackend}  (${config.defaultModelSource})`);
  return lines;
}
