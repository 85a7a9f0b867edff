import type { BackendConfig, ProxyConfig } from '../config/config-types.js';
import type { CliOverrides, EnvRecord } from '../config/parse-config.js';
import { backendPointsAtProxy } from '../upstream/detect-self-loop.js';
import { closeUpstreamPool } from '../runtime/node/undici-upstream-client.js';
import { checkConfiguration, describeConfiguration } from './check-configuration.js';
import { adviceFor, basicsWork, formatModelTable } from './format-doctor-report.js';
import { loadProxyConfig } from './load-proxy-config.js';
import { allTargets } from '../config/parse-config-file.js';
import { probeBackend, type BackendProbe } from './probe-backend.js';
import { probeModel, type ModelProbe } from './probe-model.js';

export interface DoctorOptions {
  cli: CliOverrides;
  env?: EnvRecord;
  cwd?: string;
  write?: (text: string) => void;
  /** Per request; real models can be slow to first token. */
  timeoutMs?: number;
}

/**
 * `claude-proxy doctor`: shows the resolved configuration and its problems, reaches each backend,
 * and sends each configured model tiny requests directly (streaming, a forced tool call, an
 * image). Exit code 0 when every backend answers and every model streams, else 1.
 */
export async function runDoctorCommand(options: DoctorOptions): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const print = (lines: readonly string[]) => write(`${lines.join('\n')}\n`);
  const loaded = loadProxyConfig({ cli: options.cli, configPath: options.cli.config, cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env });
  const config = loaded.config;
  const sources = [loaded.configPath, 'environment', loaded.dotenvPath, loaded.userEnvPath].filter(Boolean).join(' > ');
  print(describeConfiguration(config, sources));
  const warnings = [...loaded.warnings, ...checkConfiguration(config)];
  print(warnings.length ? ['', 'Warnings', ...warnings.map((warning) => `  ! ${warning}`)] : ['', 'No configuration problems found.']);

  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const backends = await probeBackends(config, Math.min(timeoutMs, 15_000), print);
    const probes: ModelProbe[] = [];
    for (const { backend, model } of modelsToTest(config, backends)) {
      write(`  testing ${model} @${backend.name}...\n`);
      probes.push(await probeModel(backend, model, timeoutMs));
    }
    return report(backends, probes, print);
  } finally {
    await closeUpstreamPool();
  }
}

async function probeBackends(config: ProxyConfig, timeoutMs: number, print: (lines: readonly string[]) => void): Promise<BackendProbe[]> {
  print(['', 'Backends']);
  const probes: BackendProbe[] = [];
  for (const backend of config.backends) {
    if (backendPointsAtProxy(backend, config.host, config.port)) {
      probes.push({ backend, reachable: false, models: [], problem: 'not tested: it points at the proxy itself' });
    } else {
      probes.push(await probeBackend(backend, timeoutMs));
    }
    const probe = probes[probes.length - 1];
    if (!probe) continue;
    const status = !probe.reachable ? 'UNREACHABLE' : probe.problem ? 'answers' : `ok, ${probe.models.length} models`;
    const listed = probe.models.length ? `: ${probe.models.slice(0, 8).join(', ')}${probe.models.length > 8 ? ', ...' : ''}` : '';
    print([`  ${backend.name.padEnd(8)} ${backend.baseUrl}  ${status}${listed}`, ...(probe.problem ? [`           ${probe.problem}`] : [])]);
  }
  return probes;
}

/** Each distinct (backend, model) the mapping can send to, on backends that answered. */
function modelsToTest(config: ProxyConfig, backends: readonly BackendProbe[]): Array<{ backend: BackendConfig; model: string }> {
  const byName = new Map(backends.map((probe) => [probe.backend.name, probe]));
  const wanted: Array<{ backend: string; model: string | undefined }> =
    config.source.kind === 'file'
      ? [...allTargets(config.routes), ...config.rules.flatMap((rule) => rule.targets)]
      : config.tierRoutes.map((route) => ({ backend: route.backend, model: route.model }));
  // With OPEN_MODEL unset the proxy uses the first listed model; test that one.
  wanted.push({ backend: config.defaultBackend, model: config.defaultModel ?? byName.get(config.defaultBackend)?.models[0] });
  const seen = new Set<string>();
  const result: Array<{ backend: BackendConfig; model: string }> = [];
  for (const { backend: name, model } of wanted) {
    const probe = byName.get(name);
    // The model probes speak Chat Completions; Claude models on an Anthropic backend are not probed.
    if (!model || !probe?.reachable || probe.backend.kind === 'anthropic' || seen.has(`${name}\n${model}`)) continue;
    seen.add(`${name}\n${model}`);
    result.push({ backend: probe.backend, model });
  }
  return result;
}

function report(backends: readonly BackendProbe[], probes: readonly ModelProbe[], print: (lines: readonly string[]) => void): number {
  if (probes.length > 0) print(['', 'Models (tiny requests sent directly to each backend)', ...formatModelTable(probes)]);
  const advice = probes.flatMap(adviceFor);
  if (advice.length > 0) print(['', 'What to change', ...advice]);
  const unreachable = backends.filter((probe) => !probe.reachable).map((probe) => probe.backend.name);
  const failing = probes.filter((probe) => !basicsWork(probe)).map((probe) => probe.model);
  const untestable = probes.length === 0 && unreachable.length === 0;
  if (unreachable.length === 0 && failing.length === 0 && !untestable) {
    print(['', 'Result: the basics work (backends reachable, models stream).']);
    return 0;
  }
  const reasons = [
    ...unreachable.map((name) => `backend ${name} is unreachable`),
    ...failing.map((model) => `${model} does not stream`),
    ...(untestable ? ['no model to test: set OPEN_MODEL'] : []),
  ];
  print(['', `Result: NOT ready: ${reasons.join('; ')}.`]);
  return 1;
}
