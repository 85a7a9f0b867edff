/**
 * deploy/compose.yaml and deploy/kubernetes/, read with the `yaml` package (no container engine
 * or cluster here): every document well-formed, names that refer to each other matching, probes
 * on /health at the container's port, the same port, user, healthcheck and command as the
 * Dockerfile, and the mounted configuration files valid for the real parser with the
 * environment the deployment gives them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { parseConfigFile } from '../../src/config/parse-config-file.js';
import type { ComposeFile, ComposeService, KubeDocument } from '../support/deploy-manifest-types.js';
import { envOf, execFormOf, healthcheckOf, parseDockerfile } from '../support/parse-dockerfile.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const deployDir = `${repoRoot}deploy/`;
const kubeDir = `${deployDir}kubernetes/`;
const runtimeStage = parseDockerfile(readFileSync(`${repoRoot}Dockerfile`, 'utf8')).stages.at(-1)!.instructions;
const dockerText = (keyword: string) => runtimeStage.find((instruction) => instruction.keyword === keyword)!.text;
const imageEnv = envOf(runtimeStage);
const imagePort = Number(dockerText('EXPOSE'));
const imageHealthcheck = healthcheckOf(dockerText('HEALTHCHECK'));
const readCompose = (path: string) => parse(readFileSync(path, 'utf8')) as ComposeFile;
/** `${NAME}` references of a configuration file's text. */
const referencesOf = (text: string) => [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!);

describe('deploy/compose.yaml', () => {
  const compose = readCompose(`${deployDir}compose.yaml`);
  const proxy = compose.services.proxy!;
  const passed = proxy.environment.map((entry) => entry.split('=')[0]!);

  it('builds one proxy from the repository\'s Dockerfile and publishes the image\'s port', () => {
    expect(Object.keys(compose.services)).toEqual(['proxy']);
    expect(existsSync(`${deployDir}${proxy.build.context}/${proxy.build.dockerfile}`)).toBe(true);
    expect(proxy.ports).toEqual([`${imagePort}:${imagePort}`]);
    expect(proxy.read_only).toBe(true);
  });

  it('restates the image\'s HEALTHCHECK exactly', () => {
    const { options, command } = imageHealthcheck;
    expect(proxy.healthcheck.test).toEqual(['CMD', ...command]);
    expect(proxy.healthcheck).toMatchObject({ interval: options.interval, timeout: options.timeout, start_period: options['start-period'], retries: Number(options.retries) });
  });

  it('passes the access key through and stops later than the proxy\'s shutdown grace', () => {
    expect(passed).toEqual(expect.arrayContaining(['OPEN_AI_URL', 'API_KEY', 'OPEN_MODEL', 'PROXY_API_KEY', 'ALLOW_OPEN_ACCESS']));
    const grace = proxy.environment.find((entry) => entry.startsWith('SHUTDOWN_GRACE_MS='))!.split('=')[1]!;
    expect(Number.parseInt(proxy.stop_grace_period, 10) * 1000).toBeGreaterThan(Number(grace));
  });

  it('compose.config-file.yaml mounts deploy/claude-proxy.yaml where CLAUDE_PROXY_CONFIG points, valid with the variables it passes', () => {
    const overlay: ComposeService = readCompose(`${deployDir}compose.config-file.yaml`).services.proxy!;
    const [source, target] = overlay.volumes[0]!.split(':');
    const environment = overlay.environment;
    expect(environment).toContain(`CLAUDE_PROXY_CONFIG=${target}`);
    const text = readFileSync(`${deployDir}${source}`, 'utf8');
    const allPassed = [...passed, ...environment.map((entry) => entry.split('=')[0]!)];
    for (const name of referencesOf(text)) expect(allPassed, `\${${name}} is passed into the container`).toContain(name);
    const env = { ...imageEnv, PROXY_API_KEY: 'k', ...Object.fromEntries(referencesOf(text).map((name) => [name, 'set'])) };
    const { config } = parseConfigFile({ text, path: target!, env });
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(imagePort);
    expect(config.accessKeys.map((key) => key.name)).toEqual(['PROXY_API_KEY']);
  });
});

describe('deploy/kubernetes', () => {
  const files = readdirSync(kubeDir).filter((name) => name.endsWith('.yaml')).sort();
  const docs = files.flatMap((name) => parseAllDocuments(readFileSync(`${kubeDir}${name}`, 'utf8')).map((doc) => {
    expect(doc.errors, name).toEqual([]);
    return doc.toJS() as KubeDocument;
  }));
  const byKind = (kind: string): KubeDocument => {
    const found = docs.filter((doc) => doc.kind === kind);
    expect(found, kind).toHaveLength(1);
    return found[0]!;
  };
  const deployment = byKind('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0]!;
  const containerEnv: Record<string, string | undefined> = Object.fromEntries(container.env.map((entry) => [entry.name, entry.value]));
  const secret = byKind('Secret');
  const configMap = byKind('ConfigMap');
  const templateLabels = deployment.spec.template.metadata.labels;
  const portOf = (port: number | string) => (typeof port === 'number' ? port : container.ports.find((entry) => entry.name === port)?.containerPort);

  const kubectlOnPath = spawnSync('kubectl', ['version', '--client'], { timeout: 10_000 }).status === 0;
  it.skipIf(!kubectlOnPath)('kubectl kustomize renders the kustomization, offline (where kubectl is on PATH)', () => {
    const rendered = spawnSync('kubectl', ['kustomize', kubeDir], { timeout: 20_000, encoding: 'utf8' });
    expect(rendered.status, rendered.stderr).toBe(0);
    const renderedDocs = parseAllDocuments(rendered.stdout).map((doc) => doc.toJS() as KubeDocument);
    expect(renderedDocs.map((doc) => doc.kind).sort()).toEqual(docs.map((doc) => doc.kind).filter((kind) => kind !== 'Kustomization').sort());
  });

  it('every document has apiVersion, kind and a name; the kustomization lists every other file', () => {
    for (const doc of docs) {
      expect(typeof doc.apiVersion).toBe('string');
      expect(typeof doc.kind).toBe('string');
      if (doc.kind !== 'Kustomization') expect(typeof doc.metadata?.name).toBe('string');
    }
    expect([...byKind('Kustomization').resources].sort()).toEqual(files.filter((name) => name !== 'kustomization.yaml'));
  });

  it('runs several replicas of the image\'s command, selected by the labels Service, PDB and HPA use', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(templateLabels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(templateLabels).toMatchObject(byKind('Service').spec.selector);
    expect(templateLabels).toMatchObject(byKind('PodDisruptionBudget').spec.selector.matchLabels);
    expect(container.args).toEqual(execFormOf(dockerText('CMD')));
    const hpa = byKind('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(deployment.spec.replicas);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(deployment.spec.replicas);
    // A CPU utilization target means nothing without a CPU request.
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
  });

  it('probes /health on the container port, which is the image\'s, and the Service targets it', () => {
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet.path).toBe('/health');
      expect(portOf(probe.httpGet.port)).toBe(imagePort);
    }
    expect(portOf(byKind('Service').spec.ports[0]!.targetPort)).toBe(imagePort);
    expect(containerEnv.HOST ?? imageEnv.HOST).toBe('0.0.0.0');
    expect(Number(containerEnv.PORT ?? imageEnv.PORT)).toBe(imagePort);
  });

  it('runs as the image\'s non-root user on a read-only root filesystem, without privileges', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: Number(dockerText('USER').split(':')[0]) });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('takes its keys from the Secret and its configuration file from the ConfigMap, by matching names', () => {
    expect(container.envFrom.map((entry) => entry.secretRef?.name)).toEqual([secret.metadata.name]);
    const volume = pod.volumes.find((entry) => entry.configMap?.name === configMap.metadata.name)!;
    expect(volume).toBeDefined();
    const mount = container.volumeMounts.find((entry) => entry.name === volume.name)!;
    // A subPath mount would never see ConfigMap updates (no hot reload).
    expect(mount).toMatchObject({ readOnly: true });
    expect(mount.subPath).toBeUndefined();
    expect(Object.keys(configMap.data).map((key) => `${mount.mountPath}/${key}`)).toContain(containerEnv.CLAUDE_PROXY_CONFIG);
  });

  it('the ConfigMap\'s file is valid with the environment the pods get, and listens on 0.0.0.0 with an access key', () => {
    const path = containerEnv.CLAUDE_PROXY_CONFIG!;
    const text = configMap.data[path.split('/').at(-1)!]!;
    const env = { ...imageEnv, ...containerEnv, ...secret.stringData };
    for (const name of referencesOf(text)) expect(Object.keys(env), `\${${name}} is set in the pods`).toContain(name);
    const { config } = parseConfigFile({ text, path, env });
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(imagePort);
    expect(config.accessKeys.map((key) => key.name)).toContain('PROXY_API_KEY');
  });

  it('gives open requests time to finish on a rollout: grace period > preStop sleep + SHUTDOWN_GRACE_MS', () => {
    const preStop = container.lifecycle.preStop.exec.command;
    expect(preStop[0]).toBe('sleep');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(preStop[1]) + Number(containerEnv.SHUTDOWN_GRACE_MS) / 1000);
  });
});
