/**
 * The configuration file (`claude-proxy.yaml`, or JSON, which is YAML) → the same `ProxyConfig`
 * that environment mode builds, plus the file's routes, rules and access keys. Pure: the caller
 * reads the file and passes the environment (for `${NAME}` references and PROXY_API_KEY).
 *
 * Every problem is a `ConfigError` whose lines each name the file and the key path
 * (`claude-proxy.yaml: routes.think[0]: the backend "deepsek" is not configured ...`).
 */
import * as v from 'valibot';
import { parseDocument } from 'yaml';
import type { ModelCapabilities } from '../models/model-capabilities.js';
import { backendPresets } from './backend-presets.js';
import { splitBackendModel } from './backend-model-name.js';
import { ConfigError } from './config-error.js';
import { configFileSchema, type ConfigFile, type ConfigFileBackend } from './config-file-schema.js';
import type { AccessKey, BackendConfig, ProxyConfig, RouteTarget, RoutingRule, TaskRoutes, TierRoute } from './config-types.js';
import {
  DEFAULT_ANTHROPIC_URL,
  DEFAULT_CLAUDE_MODEL,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUTS,
  isLoopbackHost,
  nonEmpty,
  normalizeBaseUrl,
  parseLogLevel,
  parsePort,
  parseAllowedHosts,
  parseAllowedOrigins,
  type CliOverrides,
  type EnvRecord,
} from './parse-config.js';
import { resolveEnvReferences } from './resolve-env-references.js';
import { formatUrlRoutingHost, parseUrlRoutingHost } from './url-routing-host.js';

/** Claude Code's long-context switch when the file gives no `thresholdTokens`. */
export const DEFAULT_LONG_CONTEXT_TOKENS = 60_000;

export interface ConfigFileInput {
  text: string;
  /** Shown in every message (`./claude-proxy.yaml`). */
  path: string;
  env: EnvRecord;
  cli?: CliOverrides;
}

export interface ParsedConfigFile {
  config: ProxyConfig;
  /** Things that work but are probably not meant (a backend no route uses, a preset's key unset). */
  warnings: string[];
}

/** Parses, resolves references, validates and builds; throws one `ConfigError` listing every problem. */
export function parseConfigFile(input: ConfigFileInput): ParsedConfigFile {
  const file = validate(input);
  const problems = new Problems(input.path);
  const warnings: string[] = [];
  const backends = Object.entries(file.backends).flatMap(([name, entry]) => {
    const backend = buildBackend(name, entry, input, problems);
    if (backend && backend.apiKeys.length === 0 && backend.preset && backendPresets[backend.preset as keyof typeof backendPresets].keyVariable) {
      warnings.push(`backends.${name}: no apiKey, and ${backendPresets[backend.preset as keyof typeof backendPresets].keyVariable} is not set: requests to it will be refused by ${backend.preset}.`);
    }
    return backend ? [backend] : [];
  });
  if (Object.keys(file.backends).length === 0) problems.add('backends', 'configures no backend; add at least one (e.g. deepseek: { preset: deepseek, apiKey: "${DEEPSEEK_API_KEY}" })');
  const names = new Set(Object.keys(file.backends));
  const targetsAt = (value: string | readonly string[], path: string): RouteTarget[] => parseTargets(value, path, names, problems);

  const routes = buildRoutes(file, targetsAt, problems);
  const rules: RoutingRule[] = (file.rules ?? []).map((rule, index) => ({
    name: rule.name ?? `rules[${index}]`,
    match: rule.match.model === undefined ? {} : { model: rule.match.model },
    targets: targetsAt(rule.target, `rules[${index}].target`),
  }));
  (file.rules ?? []).forEach((rule, index) => {
    if (rule.match.model === undefined) problems.add(`rules[${index}].match`, 'needs a condition: model: "<glob>", e.g. model: "claude-opus-*"');
  });

  const accessKeys = buildAccessKeys(file, input.env, routes, rules, names, problems);
  const host = input.cli?.host ?? file.listen?.host ?? nonEmpty(input.env.HOST) ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && accessKeys.length === 0 && file.allowOpenAccess !== true && input.env.ALLOW_OPEN_ACCESS !== '1') {
    problems.add(
      'listen.host',
      `is ${host}, beyond this machine, and no accessKeys are set: anyone who reaches the port could spend your backend keys. ` +
        'Add accessKeys (clients then send one as their API key), or allowOpenAccess: true if the network is yours alone.',
    );
  }
  const allowedOrigins = convert(problems, 'allowedOrigins', () => parseAllowedOrigins(file.allowedOrigins?.join(','), 'allowedOrigins'));
  const allowedHosts = convert(problems, 'allowedHosts', () => parseAllowedHosts(file.allowedHosts?.join(','), 'allowedHosts'));
  const urlRoutingHosts = (file.urlRouting?.allowHosts ?? []).flatMap((entry, index) => {
    const host = parseUrlRoutingHost(entry);
    if (host) return [formatUrlRoutingHost(host)];
    problems.add(`urlRouting.allowHosts[${index}]`, `is ${JSON.stringify(entry)}, not a host; expected names such as api.groq.com or 127.0.0.1:8080, without scheme or path`);
    return [];
  });
  problems.throwIfAny();

  const used = new Set([...allTargets(routes), ...rules.flatMap((rule) => rule.targets)].map((target) => target.backend));
  for (const backend of backends) {
    if (!used.has(backend.name)) warnings.push(`backends.${backend.name}: no route or rule uses it (clients can still ask for "${backend.name},<model>").`);
  }
  const first = routes.default![0]!;
  const proxyApiKey = nonEmpty(input.env.PROXY_API_KEY);
  const config: ProxyConfig = {
    host,
    // The environment (PORT, LOG_LEVEL) fills what the file leaves out, as HOST does: a container sets them.
    port: input.cli?.port ?? file.listen?.port ?? parsePort(input.env.PORT) ?? DEFAULT_PORT,
    logLevel: input.cli?.verbose ? 'debug' : (file.logLevel ?? parseLogLevel(input.env.LOG_LEVEL)),
    ...(file.logFormat && { logFormat: file.logFormat }),
    backends,
    defaultBackend: first.backend,
    defaultModel: first.model,
    defaultModelSource: 'routes.default',
    tierRoutes: tierRoutesOf(routes),
    openAIBackendConfigured: backends.some((backend) => backend.kind === 'openai'),
    modelMap: {},
    claudeModel: file.claudeModel ?? DEFAULT_CLAUDE_MODEL,
    capabilityOverrides: {},
    modelCapabilityOverrides: modelCapabilitiesOf(file),
    modelPrices: file.prices ?? {},
    proxyApiKey,
    allowedOrigins: allowedOrigins ?? [],
    allowedHosts: allowedHosts ?? [],
    limits: { maxBodyBytes: file.limits?.maxBodyBytes ?? 32 * 1024 * 1024 },
    timeouts: { ...DEFAULT_TIMEOUTS, ...file.timeouts },
    retry: { ...DEFAULT_RETRY_POLICY, ...file.retry },
    source: { kind: 'file', path: input.path },
    routes,
    rules,
    accessKeys,
    urlRouting: {
      enabled: file.urlRouting?.enabled ?? false,
      allowHosts: urlRoutingHosts,
      allowPrivateAddresses: file.urlRouting?.allowPrivateAddresses ?? false,
    },
    adminApiKey: file.adminKey ?? nonEmpty(input.env.ADMIN_API_KEY),
    pingIntervalMs: file.pingIntervalMs ?? 10_000,
  };
  return { config, warnings };
}

/** Collects problems so that one run of `config check` shows them all, one line each. */
class Problems {
  private readonly lines: string[] = [];
  constructor(private readonly path: string) {}
  add(keyPath: string, problem: string): void {
    this.lines.push(`${this.path}: ${keyPath} ${problem}`);
  }
  throwIfAny(): void {
    if (this.lines.length > 0) throw new ConfigError(this.lines.join('\n'));
  }
}

/** YAML syntax, then `${NAME}` references, then the schema: each stage's problems at once. */
function validate(input: ConfigFileInput): ConfigFile {
  const document = parseDocument(input.text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors
        .map((error) => {
          const position = error.linePos?.[0];
          const where = position ? `:${position.line}:${position.col}` : '';
          return `${input.path}${where}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
        })
        .join('\n'),
    );
  }
  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined) throw new ConfigError(`${input.path}: the file is empty; it needs at least backends: and routes: { default: "backend,model" }`);
  const { value, missing } = resolveEnvReferences(raw, input.env);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((entry) => `${input.path}: ${entry.path} refers to \${${entry.variable}}, which is not set (set it, or write \${${entry.variable}:-fallback})`).join('\n'),
    );
  }
  const result = v.safeParse(configFileSchema, value);
  if (result.success) return result.output;
  throw new ConfigError(result.issues.map((issue) => `${input.path}: ${issuePath(issue)} ${describeIssue(issue)}`).join('\n'));
}

/** `routes.default[1]` from valibot's issue path. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path === '' ? '(top level)' : path;
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  // valibot reports a key a strict object does not know as expected `never`.
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not a known key (check its spelling and place)';
  if (issue.received === 'undefined') return `is missing: ${issue.message}`;
  // A custom message (`a target is "backend,model" ...`) says more than "expected string".
  if (issue.type === 'check' || issue.type === 'union' || issue.type === 'picklist' || issue.type === 'min_length' || issue.type === 'regex') {
    return `is not valid: ${issue.message} (got ${issue.received})`;
  }
  return `must be ${issue.expected ?? 'valid'}, got ${issue.received}`;
}

function buildBackend(name: string, entry: ConfigFileBackend, input: ConfigFileInput, problems: Problems): BackendConfig | undefined {
  const path = `backends.${name}`;
  const preset = entry.preset ? backendPresets[entry.preset] : undefined;
  const kind = entry.kind ?? preset?.kind ?? (entry.baseUrl ? 'openai' : undefined);
  if (!kind) {
    problems.add(path, `needs a preset (${Object.keys(backendPresets).join(', ')}) or a kind and baseUrl`);
    return undefined;
  }
  const rawUrl = entry.baseUrl ?? preset?.baseUrl ?? (kind === 'anthropic' ? DEFAULT_ANTHROPIC_URL : undefined);
  if (!rawUrl) {
    problems.add(path, 'needs a baseUrl (the OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1)');
    return undefined;
  }
  const baseUrl = convert(problems, `${path}.baseUrl`, () => normalizeBaseUrl(rawUrl, `${path}.baseUrl`));
  if (baseUrl === undefined) return undefined;
  if (entry.apiKey !== undefined && entry.apiKeys !== undefined) {
    problems.add(path, 'sets both apiKey and apiKeys; use apiKeys for several keys');
    return undefined;
  }
  const presetKey = preset?.keyVariable ? nonEmpty(input.env[preset.keyVariable]) : undefined;
  const apiKeys = entry.apiKeys ?? (entry.apiKey !== undefined ? [entry.apiKey] : presetKey ? [presetKey] : []);
  return {
    name,
    kind,
    baseUrl: kind === 'anthropic' ? baseUrl.replace(/\/v1$/, '') : baseUrl,
    apiKey: apiKeys[0],
    apiKeys,
    source: `${input.path} ${path}`,
    ...(entry.preset ? { preset: entry.preset } : {}),
    ...(entry.headers ? { headers: entry.headers } : {}),
    ...(entry.timeouts ? { timeouts: entry.timeouts } : {}),
    // OpenAI serves the Responses API; other OpenAI-compatible backends mostly do not.
    ...((entry.responsesApi ?? entry.preset === 'openai') && kind === 'openai' ? { responsesApi: true } : {}),
  };
}

/** A ConfigError from a shared parser (URLs, origins) becomes a problem at `path`. */
function convert<T>(problems: Problems, path: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A shared parser names its source first (`backends.b.baseUrl must be ...`): said once.
    const message = error.message.startsWith(`${path} `) ? error.message.slice(path.length + 1) : `is not valid: ${error.message}`;
    problems.add(path, message);
    return undefined;
  }
}

function parseTargets(value: string | readonly string[], path: string, backends: ReadonlySet<string>, problems: Problems): RouteTarget[] {
  const list = typeof value === 'string' ? [value] : value;
  return list.flatMap((text, index) => {
    const at = typeof value === 'string' ? path : `${path}[${index}]`;
    const split = splitBackendModel(text);
    if (!split) {
      problems.add(at, `is not valid: a target is "backend,model", got ${JSON.stringify(text)}`);
      return [];
    }
    if (!backends.has(split.backend)) {
      problems.add(at, `names the backend "${split.backend}", which is not configured (configured: ${[...backends].join(', ') || 'none'})`);
      return [];
    }
    return [split];
  });
}

function buildRoutes(file: ConfigFile, targetsAt: (value: string | readonly string[], path: string) => RouteTarget[], problems: Problems): TaskRoutes {
  const routes: { -readonly [Name in keyof TaskRoutes]: TaskRoutes[Name] } = {};
  const given = file.routes;
  if (given.default === undefined) {
    problems.add('routes.default', 'is missing: where requests go when no other route applies, e.g. default: "deepseek,deepseek-chat"');
  } else {
    routes.default = targetsAt(given.default, 'routes.default');
  }
  for (const name of ['background', 'think', 'webSearch', 'image'] as const) {
    const value = given[name];
    if (value !== undefined) routes[name] = targetsAt(value, `routes.${name}`);
  }
  const long = given.longContext;
  if (long !== undefined) {
    const detailed = typeof long === 'object' && !Array.isArray(long);
    routes.longContext = detailed
      ? { targets: targetsAt(long.target, 'routes.longContext.target'), thresholdTokens: long.thresholdTokens ?? DEFAULT_LONG_CONTEXT_TOKENS }
      : { targets: targetsAt(long as string | readonly string[], 'routes.longContext'), thresholdTokens: DEFAULT_LONG_CONTEXT_TOKENS };
  }
  return routes;
}

/** Every target of every route. */
export function allTargets(routes: TaskRoutes): RouteTarget[] {
  return [
    ...(routes.default ?? []),
    ...(routes.background ?? []),
    ...(routes.think ?? []),
    ...(routes.longContext?.targets ?? []),
    ...(routes.webSearch ?? []),
    ...(routes.image ?? []),
  ];
}

/** The names an access key's `routes:` may list: the task routes given and the rules' names. */
function routeNames(routes: TaskRoutes, rules: readonly RoutingRule[]): Set<string> {
  return new Set([...Object.keys(routes).filter((name) => routes[name as keyof TaskRoutes] !== undefined), ...rules.map((rule) => rule.name)]);
}

function buildAccessKeys(
  file: ConfigFile,
  env: EnvRecord,
  routes: TaskRoutes,
  rules: readonly RoutingRule[],
  backends: ReadonlySet<string>,
  problems: Problems,
): AccessKey[] {
  const keys: AccessKey[] = [];
  const known = routeNames(routes, rules);
  // `requested` is the route of a client's own `backend,model` name: a limited key may be allowed it.
  known.add('requested');
  (file.accessKeys ?? []).forEach((entry, index) => {
    const path = `accessKeys[${index}]`;
    if (keys.some((key) => key.name === entry.name)) problems.add(`${path}.name`, `repeats the name "${entry.name}"; each key needs its own name for the log`);
    if (keys.some((key) => key.key === entry.key)) problems.add(`${path}.key`, 'repeats another entry\'s key; give each person their own key');
    entry.routes?.forEach((route, routeIndex) => {
      if (!known.has(route)) problems.add(`${path}.routes[${routeIndex}]`, `is "${route}", which is no route or rule name (known: ${[...known].join(', ')})`);
    });
    entry.backends?.forEach((backend, backendIndex) => {
      if (!backends.has(backend)) problems.add(`${path}.backends[${backendIndex}]`, `names the backend "${backend}", which is not configured`);
    });
    keys.push({ name: entry.name, key: entry.key, ...(entry.routes ? { routes: entry.routes } : {}), ...(entry.backends ? { backends: entry.backends } : {}) });
  });
  const proxyApiKey = nonEmpty(env.PROXY_API_KEY);
  if (proxyApiKey && !keys.some((key) => key.key === proxyApiKey)) keys.push({ name: 'PROXY_API_KEY', key: proxyApiKey });
  return keys;
}

/**
 * The routes as tier rules, for what reads tiers (the banner's table, `/v1/models`, the
 * launcher's Claude Code tier variables): background is Claude Code's haiku-class model.
 */
function tierRoutesOf(routes: TaskRoutes): TierRoute[] {
  const background = routes.background?.[0];
  return background ? [{ tier: 'haiku', backend: background.backend, model: background.model, source: 'routes.background' }] : [];
}

/** The file's `models:` (by model id) and each backend's `models:` (as `backend,model`, which wins). */
function modelCapabilitiesOf(file: ConfigFile): Record<string, Partial<ModelCapabilities>> {
  const overrides: Record<string, Partial<ModelCapabilities>> = { ...file.models };
  for (const [name, backend] of Object.entries(file.backends)) {
    for (const [model, capabilities] of Object.entries(backend.models ?? {})) overrides[`${name},${model}`] = capabilities;
  }
  return overrides;
}
