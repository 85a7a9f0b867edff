import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeClaude, type FakeClaude } from './fake-claude.js';

const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// By URL: the scratch working directory cannot resolve the bare name `tsx`.
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
let home: string;
let fake: FakeClaude;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'claude-proxy-main-'));
  fake = writeFakeClaude();
});
afterAll(() => [home, fake.binDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs the CLI from source with tsx in a scratch HOME; killed by its PID if it overruns. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, mainPath, ...args], {
    cwd: home,
    env: { PATH: `${fake.binDir}:${process.env.PATH ?? ''}`, HOME: home, FAKE_CLAUDE_REPORT: fake.reportPath, OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'm', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, stdout, stderr });
  }));
}

describe('claude-proxy CLI', () => {
  it('code: passes claude flags through unparsed and exits with claude\'s code', async () => {
    const result = await cli(['--port', '0', 'code', '-p', 'say hi', '--model', 'opus'], { FAKE_CLAUDE_EXIT: '7' });
    expect(result.code).toBe(7);
    expect(fake.read().args).toEqual(['--settings', '{"skipWebFetchPreflight":true}', '-p', 'say hi', '--model', 'opus']);
    expect(fake.read().healthStatus).toBe(200);
  });

  it('doctor: exits 1 when the backend is unreachable', async () => {
    const result = await cli(['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('UNREACHABLE');
  });

  it('setup: refuses to ask without a terminal, and --undo with nothing to undo says so', async () => {
    const asked = await cli(['setup']);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toContain('pass --yes');
    const undo = await cli(['setup', '--undo']);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('Nothing to undo');
  });

  it('config check: one line per problem naming the key path, exit 1; a valid file, exit 0', async () => {
    writeFileSync(join(home, 'broken.yaml'), 'backends:\n  ds: { preset: deepseek, apiKey: "${DS_KEY}" }\nroutes:\n  default: "ds,deepseek-chat"\n  thinking: "ds,deepseek-reasoner"\n');
    const broken = await cli(['config', 'check', 'broken.yaml'], { DS_KEY: 'sk-x' });
    expect(broken.code).toBe(1);
    expect(broken.stdout.trim().split('\n')).toEqual([`${join(home, 'broken.yaml')}: routes.thinking is not a known key (check its spelling and place)`]);
    const unset = await cli(['config', 'check', 'broken.yaml']);
    expect(unset.stdout).toContain('backends.ds.apiKey refers to ${DS_KEY}, which is not set');
    writeFileSync(join(home, 'good.yaml'), 'backends:\n  ds: { preset: deepseek, apiKey: "${DS_KEY}" }\nroutes: { default: "ds,deepseek-chat" }\n');
    const good = await cli(['config', 'check', 'good.yaml'], { DS_KEY: 'sk-x' });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('good.yaml is valid.');
    // The scratch environment sets OPEN_AI_URL and OPEN_MODEL, which the file replaces.
    expect(good.stdout).toContain(`warning: OPEN_AI_URL, OPEN_MODEL are set but ${join(home, 'good.yaml')} configures the backends and routes: they are ignored`);
    expect(good.stdout).not.toContain('sk-x');
  });

  it('routes --explain: the route planRoute picks for a model name, with the reason', async () => {
    writeFileSync(join(home, 'claude-proxy.yaml'), 'backends:\n  ds: { preset: deepseek, apiKey: k }\n  local: { baseUrl: "http://127.0.0.1:11434/v1" }\nroutes:\n  default: "ds,deepseek-chat"\n  background: "local,qwen3:8b"\n');
    try {
      const result = await cli(['routes', '--explain', 'claude-haiku-4-5']);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n').slice(0, 2)).toEqual([
        'route: background ("claude-haiku-4-5" is a haiku-class model)',
        '  1. local,qwen3:8b  http://127.0.0.1:11434/v1  [route background]',
      ]);
    } finally {
      rmSync(join(home, 'claude-proxy.yaml'));
    }
  });
});
