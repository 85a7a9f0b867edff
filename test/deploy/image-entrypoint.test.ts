/**
 * Runs the image's exact command (ENTRYPOINT + CMD from the Dockerfile) with the environment the
 * image sets, in a directory laid out like the image's /app, since no container engine runs here:
 * /health answers, the Dockerfile's HEALTHCHECK command exits 0 against it, SIGTERM ends the
 * process with exit 0, and without an access key it refuses to start on 0.0.0.0 with a clear
 * message; with a file mounted as kubelet mounts a ConfigMap, it reloads on an update. Where
 * unshare/nsenter are allowed (root), it also runs as PID 1 in its own PID and network namespace
 * on HOST=0.0.0.0 unchanged, the way `docker run` and `docker stop` treat it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildImageLayout, type ImageLayout } from '../support/build-image-layout.js';
import { freePort } from '../support/free-port.js';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { envOf, execFormOf, healthcheckOf, parseDockerfile } from '../support/parse-dockerfile.js';
import { messagesRequest, postToProxy } from '../support/proxy-client.js';
import { killSpawned, spawnBounded } from '../support/spawn-bounded.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runtimeStage = parseDockerfile(readFileSync(`${repoRoot}Dockerfile`, 'utf8')).stages.at(-1)!.instructions;
const textOf = (keyword: string) => runtimeStage.find((instruction) => instruction.keyword === keyword)!.text;
/** `node` in the image is this machine's node here. */
const onThisMachine = (argv: readonly string[]) => (argv[0] === 'node' ? [process.execPath, ...argv.slice(1)] : [...argv]);
const imageCommand = onThisMachine([...execFormOf(textOf('ENTRYPOINT')), ...execFormOf(textOf('CMD'))]);
const healthcheckCommand = onThisMachine(healthcheckOf(textOf('HEALTHCHECK')).command);
const imageEnv = envOf(runtimeStage);
const accessKey = 'container-test-key';

let layout: ImageLayout;
let home: string;
let backend: MockOpenAIBackend;
/** The environment a container starts with: the image's ENV, a PATH and an empty HOME. */
const containerEnv = (extra: Record<string, string>): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...imageEnv, ...extra });

beforeAll(async () => {
  [layout, backend] = await Promise.all([buildImageLayout(), startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'hello from the backend' }) }))]);
  home = mkdtempSync(join(tmpdir(), 'claude-proxy-home-'));
});
afterEach(killSpawned);
afterAll(async () => {
  layout?.remove();
  if (home) rmSync(home, { recursive: true, force: true });
  await backend?.close();
});

function runHealthcheck(env: Record<string, string>): number | null {
  return spawnSync(healthcheckCommand[0]!, healthcheckCommand.slice(1), { env, timeout: 10_000 }).status;
}

describe('the image command, run as the image runs it', () => {
  it('serves /health, passes the HEALTHCHECK, serves a keyed request and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    // The one change to the image's environment: tests on this machine bind loopback only, so
    // HOST is overridden as `docker run -e HOST=...` would. HOST=0.0.0.0 itself runs below in a
    // network namespace of its own, and its refusal without a key in the next test.
    const env = containerEnv({ HOST: '127.0.0.1', PORT: String(port), PROXY_API_KEY: accessKey, OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o' });
    const proxy = spawnBounded(imageCommand, { cwd: layout.appDir, env, killAfterMs: 20_000 });
    await proxy.waitForOutput(new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`), 10_000);
    const url = `http://127.0.0.1:${port}`;

    const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(runHealthcheck(env)).toBe(0);
    expect((await postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': 'wrong-key' } })).status).toBe(401);
    const answer = await postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': accessKey } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).content).toEqual([{ type: 'text', text: 'hello from the backend' }]);

    proxy.child.kill('SIGTERM');
    expect(await proxy.exitWithin(5_000)).toEqual({ code: 0, signal: null });
    expect(proxy.output().stdout).toContain('SIGTERM: no new requests');
    // The healthcheck has teeth: with the proxy gone it fails.
    expect(runHealthcheck(env)).toBe(1);
  });

  it('refuses to start on the image\'s HOST=0.0.0.0 without an access key, saying what to set', async () => {
    const byEnvironment = spawnBounded(imageCommand, { cwd: layout.appDir, env: containerEnv({ OPEN_AI_URL: backend.url }), killAfterMs: 15_000 });
    expect((await byEnvironment.exitWithin(10_000))?.code).toBe(1);
    expect(byEnvironment.output().stderr).toContain('claude-proxy: Refusing to listen on 0.0.0.0 without PROXY_API_KEY');
    expect(byEnvironment.output().stderr).toContain('ALLOW_OPEN_ACCESS=1');

    // The mounted configuration file of deploy/compose.config-file.yaml, without PROXY_API_KEY.
    const fileEnv = containerEnv({ CLAUDE_PROXY_CONFIG: `${repoRoot}deploy/claude-proxy.yaml`, DEEPSEEK_API_KEY: 'sk-test' });
    const byFile = spawnBounded(imageCommand, { cwd: layout.appDir, env: fileEnv, killAfterMs: 15_000 });
    expect((await byFile.exitWithin(10_000))?.code).toBe(1);
    expect(byFile.output().stderr).toContain('listen.host is 0.0.0.0, beyond this machine, and no accessKeys are set');
  });
});

/**
 * A ConfigMap volume as kubelet writes it: the files in a timestamped directory, `..data` a
 * symlink to it swapped atomically on each update, each file a symlink through `..data`.
 */
function writeLikeKubelet(dir: string, files: Record<string, string>, version: string): void {
  mkdirSync(join(dir, `..${version}`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `..${version}`, name), text);
  symlinkSync(`..${version}`, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  for (const name of Object.keys(files)) if (!existsSync(join(dir, name))) symlinkSync(join('..data', name), join(dir, name));
}

describe('the image command with a configuration file mounted as a ConfigMap volume', () => {
  it('serves with the file, and reloads it when kubelet swaps in a new version', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'claude-proxy-configmap-'));
    try {
      const port = await freePort();
      // In file mode the port is the file's (PORT is not read), so the file names the free port
      // and PORT says the same for the healthcheck. HOST is overridden as in the first test.
      const config = (routes: string) => `listen: { port: ${port} }\nbackends:\n  mock: { baseUrl: "${backend.url}", apiKey: "\${BACKEND_KEY}" }\nroutes:\n${routes}`;
      writeLikeKubelet(mount, { 'claude-proxy.yaml': config('  default: "mock,gpt-4o"\n') }, '2026_01_01_00_00_00.1');
      const env = containerEnv({ HOST: '127.0.0.1', PORT: String(port), CLAUDE_PROXY_CONFIG: join(mount, 'claude-proxy.yaml'), PROXY_API_KEY: accessKey, BACKEND_KEY: 'backend-secret' });
      const proxy = spawnBounded(imageCommand, { cwd: layout.appDir, env, killAfterMs: 20_000 });
      await proxy.waitForOutput(new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`), 10_000);
      expect(runHealthcheck(env)).toBe(0);
      writeLikeKubelet(mount, { 'claude-proxy.yaml': config('  default: "mock,gpt-4o"\n  background: "mock,gpt-4o-mini"\n') }, '2026_01_01_00_01_00.2');
      await proxy.waitForOutput(/Reloaded .*claude-proxy\.yaml: 1 backends, 2 routes/, 8_000);
      proxy.child.kill('SIGTERM');
      expect(await proxy.exitWithin(5_000)).toEqual({ code: 0, signal: null });
      expect(proxy.output().stdout).not.toContain('backend-secret');
    } finally {
      rmSync(mount, { recursive: true, force: true });
    }
  });
});

/** unshare/nsenter need root (CAP_SYS_ADMIN) and `ip` to bring the new namespace's loopback up. */
const namespacesAllowed =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['--pid', '--net', '--fork', '--kill-child', 'sh', '-c', 'ip link set lo up'], { timeout: 5_000 }).status === 0 &&
  spawnSync('nsenter', ['--version'], { timeout: 5_000 }).status === 0;

/** `argv` as PID 1 of a new PID namespace (and network namespace, with `net`), like a container's process. */
function asPidOne(argv: readonly string[], net: boolean): string[] {
  const namespaces = net ? ['--pid', '--net'] : ['--pid'];
  const prefix = net ? 'ip link set lo up && exec "$@"' : 'exec "$@"';
  return ['unshare', ...namespaces, '--fork', '--kill-child', '--', 'sh', '-c', prefix, 'sh', ...argv];
}

/** The host PID of unshare's one child (the process that is PID 1 inside), checked to be PID 1 there. */
function pidOneOf(unsharePid: number): number {
  const pid = Number(readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim());
  const nsPids = /^NSpid:\s+(.+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!.split(/\s+/);
  expect(nsPids.at(-1)).toBe('1');
  return pid;
}

describe.skipIf(!namespacesAllowed)('as PID 1 in its own PID and network namespace (needs root)', () => {
  it('listens on HOST=0.0.0.0 with an access key, passes the HEALTHCHECK inside, and stops on SIGTERM from outside with exit 0', async () => {
    // Exactly the image's environment (HOST=0.0.0.0, PORT=8082): 0.0.0.0 here reaches only the
    // namespace's own loopback. The backend is out of reach in there; /health does not ask it.
    const env = containerEnv({ PROXY_API_KEY: accessKey, OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'm' });
    const proxy = spawnBounded(asPidOne(imageCommand, true), { cwd: layout.appDir, env, killAfterMs: 20_000 });
    await proxy.waitForOutput(/listening on 0\.0\.0\.0 port 8082 \(http:\/\/127\.0\.0\.1:8082 from this machine\)/, 10_000);
    const pidOne = pidOneOf(proxy.pid);
    // As Docker runs a HEALTHCHECK: inside the container's network namespace, with its environment.
    const inside = spawnSync('nsenter', ['--target', String(pidOne), '--net', '--', ...healthcheckCommand], { env, timeout: 10_000 });
    expect(inside.status, inside.stderr.toString()).toBe(0);
    // As `docker stop` does: SIGTERM from outside the namespace to its PID 1.
    process.kill(pidOne, 'SIGTERM');
    expect(await proxy.exitWithin(5_000)).toEqual({ code: 0, signal: null });
    expect(proxy.output().stdout).toContain('SIGTERM: no new requests');
  });

  it('control: a PID 1 without a SIGTERM handler ignores SIGTERM, so the test above would catch a missing one', async () => {
    const idle = spawnBounded(asPidOne([process.execPath, '-e', 'console.log("up"); setInterval(() => {}, 1000)'], false), { cwd: home, env: containerEnv({}), killAfterMs: 10_000 });
    await idle.waitForOutput(/up/, 5_000);
    const pidOne = pidOneOf(idle.pid);
    process.kill(pidOne, 'SIGTERM');
    expect(await idle.exitWithin(700)).toBeUndefined();
    process.kill(pidOne, 'SIGKILL');
    expect((await idle.exitWithin(5_000))?.code).not.toBe(0);
  });
});
