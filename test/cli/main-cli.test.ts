import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
    expect(fake.read().args).toEqual(['-p', 'say hi', '--model', 'opus']);
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
});
