import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from './load-environment.js';

let home: string;
let project: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'load-env-home-'));
  project = mkdtempSync(join(tmpdir(), 'load-env-cwd-'));
});
afterEach(() => [home, project].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function writeUserFile(text: string): string {
  mkdirSync(join(home, '.claude-proxy'));
  const path = join(home, '.claude-proxy', '.env');
  writeFileSync(path, text);
  return path;
}

describe('loadEnvironment', () => {
  it('layers process env over ./.env over ~/.claude-proxy/.env', () => {
    const userPath = writeUserFile('A=user\nB=user\nC=user\n');
    writeFileSync(join(project, '.env'), 'B=project\nC=project\n');
    const loaded = loadEnvironment(project, { HOME: home, C: 'process' });
    expect(loaded.env).toMatchObject({ A: 'user', B: 'project', C: 'process' });
    expect(loaded.dotenvPath).toBe(join(project, '.env'));
    expect(loaded.userEnvPath).toBe(userPath);
  });

  it('works with neither file, as before', () => {
    const processEnv = { HOME: home, X: '1' };
    expect(loadEnvironment(project, processEnv)).toEqual({ env: processEnv, dotenvPath: undefined, userEnvPath: undefined });
  });

  it('reads the user file alone, and takes an explicit path', () => {
    writeUserFile('OPEN_MODEL=from-setup\n');
    expect(loadEnvironment(project, { HOME: home }).env.OPEN_MODEL).toBe('from-setup');
    expect(loadEnvironment(project, { HOME: home }, join(project, 'missing')).env.OPEN_MODEL).toBeUndefined();
  });
});
