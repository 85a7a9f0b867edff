import type { ProxyConfig } from '../config/config-types.js';
import { isLoopbackHost } from '../config/parse-config.js';
import { formatRoutes } from './format-routes.js';

export interface BannerInput {
  config: ProxyConfig;
  url: string;
  version: string;
  dotenvPath: string | undefined;
  /** ~/.claude-proxy/.env (written by `claude-proxy setup`), when it was read. */
  userEnvPath?: string | undefined;
  loopBackends: ReadonlySet<string>;
}

/** The startup banner: where we listen, which backends and model mapping, and the line to paste. */
export function formatBanner({ config, url, version, dotenvPath, userEnvPath, loopBackends }: BannerInput): string {
  // 0.0.0.0 is every interface: say so, with the URL that works from this machine.
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const where = everywhere ? `${config.host} port ${new URL(url).port || config.port} (${url} from this machine)` : url;
  const lines = [`claude-proxy ${version} listening on ${where}`, ''];
  lines.push('Backends:');
  for (const backend of config.backends) {
    const key = backend.apiKey ? 'key set' : 'no key';
    const loop = loopBackends.has(backend.name) ? '  !! points at this proxy: requests will be refused' : '';
    lines.push(`  ${backend.name.padEnd(8)} ${backend.baseUrl}  (${backend.source}, ${key})${loop}`);
  }
  if (config.urlRouting.enabled) {
    const { allowHosts, allowPrivateAddresses } = config.urlRouting;
    lines.push('', `URL routing: on, to ${allowHosts.length > 0 ? allowHosts.join(', ') : 'no host yet (allowHosts is empty)'}; private addresses ${allowPrivateAddresses ? 'allowed' : 'refused'}.`);
  }
  if (config.source.kind === 'file') return [...lines, ...fileModeLines(config, config.source.path, url)].join('\n');
  lines.push('', 'Model mapping (first match wins):');
  for (const route of config.tierRoutes) {
    lines.push(`  *${route.tier}*`.padEnd(20) + `-> ${route.model} @${route.backend}  (${route.source})`);
  }
  lines.push('  other claude-*'.padEnd(20) + `-> ${config.defaultModel ?? 'first model of the backend /models'}  (${config.defaultModelSource})`);
  lines.push('  any other name'.padEnd(20) + '-> sent to the backend as it is');
  const mapped = Object.entries(config.modelMap);
  if (mapped.length > 0) lines.push(`  MODEL_MAP first:  ${mapped.map(([from, to]) => `${from} -> ${to}`).join(', ')}`);
  if (config.backends.some((backend) => backend.kind === 'anthropic')) {
    lines.push(
      '',
      'OpenAI clients (/v1/chat/completions):',
      config.openAIBackendConfigured
        ? `  claude-* -> Claude @anthropic; other names -> the OpenAI backend, untranslated`
        : `  every request -> Claude @anthropic (non-Claude names -> ${config.claudeModel}, CLAUDE_MODEL)`,
    );
  }
  lines.push(
    '',
    'Mode: environment variables (the quick start; a claude-proxy.yaml or --config FILE configures several backends and routes).',
    `Configuration precedence: command-line flags > environment > ${dotenvPath ?? '.env (none found)'} > ${userEnvPath ?? '~/.claude-proxy/.env (none found)'} > defaults.`,
  );
  if (config.proxyApiKey) lines.push('Clients must send PROXY_API_KEY as their API key.');
  if (!isLoopbackHost(config.host) && !config.proxyApiKey) {
    lines.push(`Warning: listening on ${config.host} without PROXY_API_KEY: anyone who reaches this port can use your backend key.`);
  }
  lines.push('', 'Point Claude Code at it:', `  ANTHROPIC_BASE_URL=${url} ANTHROPIC_AUTH_TOKEN=${config.proxyApiKey ? '<PROXY_API_KEY>' : 'claude-proxy'} claude`, '');
  return lines.join('\n');
}

/** The banner's tail for a configuration file: its routes, the keys, the line to paste. */
function fileModeLines(config: ProxyConfig, path: string, url: string): string[] {
  const lines = ['', ...formatRoutes(config), '', `Mode: configuration file ${path} (command-line flags win over it; \${NAME} references come from the environment and .env files).`];
  const keys = config.accessKeys;
  if (keys.length > 0) lines.push(`Clients must send one of ${keys.length} access key${keys.length === 1 ? '' : 's'} (${keys.map((key) => key.name).join(', ')}) as their API key.`);
  else if (!isLoopbackHost(config.host)) lines.push(`Warning: listening on ${config.host} without access keys: anyone who reaches this port can use your backend keys.`);
  lines.push('', 'Point Claude Code at it:', `  ANTHROPIC_BASE_URL=${url} ANTHROPIC_AUTH_TOKEN=${keys.length > 0 ? '<your access key>' : 'claude-proxy'} claude`, '');
  return lines;
}
