/**
 * The Worker's configuration: its vars and secrets are the environment of environment mode
 * (same names, same schema, `parseConfig`), or `CLAUDE_PROXY_CONFIG` holds a whole configuration
 * file (YAML or JSON) whose `${NAME}` references read the other vars and secrets.
 *
 * A Worker does not listen on an address. `host` is set to a name that is not loopback, for two
 * reasons: the loopback `Host` check against DNS rebinding (http/check-browser-access.ts) has no
 * meaning on a public hostname, and the configuration then needs access keys (PROXY_API_KEY or
 * the file's accessKeys) unless ALLOW_OPEN_ACCESS=1 (allowOpenAccess: true), the rule for any
 * proxy reachable from beyond the machine. `port` 0 matches no backend URL: self-loops are
 * caught by the hop header instead (see worker-instance-id.ts).
 */
import type { ProxyConfig } from '../../config/config-types.js';
import { parseConfigFile } from '../../config/parse-config-file.js';
import { ConfigError, parseConfig } from '../../config/parse-config.js';
import { redactSecrets } from '../../log/logger.js';

/** What `config.host` says in a Worker (it shows in the messages that name the listen address). */
export const WORKER_HOST = 'cloudflare-worker';

/** The var that holds a whole configuration file. */
export const CONFIG_VAR = 'CLAUDE_PROXY_CONFIG';

export interface WorkerConfig {
  config: ProxyConfig;
  /** Things that work but are probably not meant (from the configuration file). */
  warnings: string[];
}

/**
 * The vars and secrets of a Worker's `env` as the environment record of environment mode.
 * wrangler.toml may write a var as a number or a boolean (`UPSTREAM_RETRIES = 2`): read as its
 * text, as a shell would pass it. Bindings (KV namespaces, services) and JSON vars are left out.
 */
export function stringVarsOf(env: Readonly<Record<string, unknown>>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') vars[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') vars[name] = String(value);
  }
  return vars;
}

/** The configuration from the vars; throws ConfigError with every problem, like the CLI would print. */
export function parseWorkerConfig(vars: Readonly<Record<string, string>>): WorkerConfig {
  const listen = { host: WORKER_HOST, port: 0 };
  const text = vars[CONFIG_VAR];
  if (text !== undefined && text.trim() !== '') {
    return parseConfigFile({ text, path: CONFIG_VAR, env: vars, cli: listen });
  }
  return { config: parseConfig(vars, listen), warnings: [] };
}

/**
 * The 500 a Worker answers while its configuration is broken: the problem in words, in the
 * Anthropic error envelope (OpenAI clients read `error.message` too), never a stack trace, and
 * with every value that could be a secret cut out (a message may quote a var).
 */
export function configErrorAnswer(error: unknown, vars: Readonly<Record<string, string>>): Response {
  const message = error instanceof ConfigError
    ? `claude-proxy (Cloudflare Worker) is not configured correctly: ${redactSecrets(error.message, secretLookingValues(vars))} ` +
      'Fix the Worker\'s vars and secrets (wrangler.toml [vars], `wrangler secret put NAME`) and deploy again.'
    : 'claude-proxy (Cloudflare Worker) failed to start; the Worker\'s log (`wrangler tail`) has the details.';
  return Response.json({ type: 'error', error: { type: 'api_error', message } }, { status: 500 });
}

/** Values of vars whose names say they are secret, and keys written into the configuration file. */
function secretLookingValues(vars: Readonly<Record<string, string>>): string[] {
  const secrets = Object.entries(vars)
    .filter(([name]) => /key|secret|token|password/i.test(name))
    .map(([, value]) => value);
  const file = vars[CONFIG_VAR] ?? '';
  for (const match of file.matchAll(/\b(?:apiKey|key)\s*:\s*["']?([^\s"',}]+)/g)) secrets.push(match[1]!);
  // A `${NAME}` reference is not a secret, and the message may name it.
  return secrets.filter((secret) => secret.length >= 4 && !secret.startsWith('$'));
}
