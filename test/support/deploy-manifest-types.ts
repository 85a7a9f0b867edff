/**
 * The fields of deploy/'s compose and Kubernetes files that test/deploy/deploy-manifests.test.ts
 * reads, as the parsed YAML is cast to them: a missing field is `undefined` at run time and fails
 * the assertion that reads it. Partial on purpose: not a schema of either format.
 */
export interface ComposeService {
  build: { context: string; dockerfile: string };
  ports: string[];
  environment: string[];
  volumes: string[];
  read_only: boolean;
  stop_grace_period: string;
  healthcheck: { test: string[]; interval: string; timeout: string; start_period: string; retries: number };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

type Labels = Record<string, string>;
type Port = number | string;
interface Probe {
  httpGet: { path: string; port: Port };
}

export interface KubeContainer {
  args: string[];
  ports: Array<{ name: string; containerPort: number }>;
  env: Array<{ name: string; value: string }>;
  envFrom: Array<{ secretRef?: { name: string } }>;
  volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>;
  readinessProbe: Probe;
  livenessProbe: Probe;
  lifecycle: { preStop: { exec: { command: string[] } } };
  resources: { requests: { cpu?: string; memory?: string }; limits: { cpu?: string; memory?: string } };
  securityContext: Record<string, unknown>;
}

export interface KubePodSpec {
  containers: KubeContainer[];
  volumes: Array<{ name: string; configMap?: { name: string } }>;
  securityContext: Record<string, unknown>;
  terminationGracePeriodSeconds: number;
}

/** Any document of deploy/kubernetes/; `spec` holds what the kinds there use. */
export interface KubeDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  resources: string[];
  data: Record<string, string>;
  stringData: Record<string, string>;
  spec: {
    replicas: number;
    selector: { matchLabels: Labels } & Labels;
    template: { metadata: { labels: Labels }; spec: KubePodSpec };
    ports: Array<{ targetPort: Port }>;
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
  };
}
