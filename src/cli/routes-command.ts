import { ConfigError, type CliOverrides, type EnvRecord } from '../config/parse-config.js';
import type { AnthropicMessagesRequest } from '../protocols/anthropic/types.js';
import { validateAnthropicMessagesRequest } from '../protocols/anthropic/validate-request.js';
import { planRoute } from '../routing/plan-route.js';
import { summarizeAnthropicRequest } from '../routing/summarize-request.js';
import { formatPlan, formatRoutes } from './format-routes.js';
import { loadProxyConfig } from './load-proxy-config.js';

export interface RoutesCommandOptions {
  cli: CliOverrides;
  /** A model name (`claude-haiku-4-5`) or an Anthropic Messages request body as JSON. */
  explain?: string | undefined;
  env?: EnvRecord;
  cwd?: string;
  write?: (text: string) => void;
}

/**
 * `claude-proxy routes`: the routes in the order they are checked; with `--explain`, the plan
 * `planRoute` makes for one request (the same function the server calls), with the reason.
 */
export function runRoutesCommand(options: RoutesCommandOptions): number {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  try {
    const { config } = loadProxyConfig({ cli: options.cli, configPath: options.cli.config, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) });
    if (options.explain === undefined) {
      const lines = config.source.kind === 'file' ? formatRoutes(config) : ['Environment mode: one route per model name (the tier variables, MODEL_MAP, OPEN_MODEL); see the banner of `claude-proxy serve`.'];
      write(`${lines.join('\n')}\n`);
      return 0;
    }
    const body = requestToExplain(options.explain);
    const plan = planRoute(config, summarizeAnthropicRequest(body, new TextEncoder().encode(JSON.stringify(body)).byteLength));
    write(`${formatPlan(plan).join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof Error && 'status' in error)) throw error;
    write(`${error.message}\n`);
    return 1;
  }
}

/** `--explain claude-haiku-4-5` is a one-line request to that model; `--explain '{...}'` is the request itself. */
function requestToExplain(text: string): AnthropicMessagesRequest {
  if (!text.trimStart().startsWith('{')) return { model: text.trim(), max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--explain: not valid JSON (${error instanceof Error ? error.message : String(error)}); give a model name or an Anthropic Messages request body.`);
  }
  return validateAnthropicMessagesRequest(parsed);
}
