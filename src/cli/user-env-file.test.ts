import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { quoteEnvValue, updateEnvFile } from './user-env-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  dirs.push(dir);
  return join(dir, 'sub', '.env');
}

describe('updateEnvFile', () => {
  it('creates the file with mode 600, and values read back unchanged through parseEnv', () => {
    const path = scratch();
    updateEnvFile(path, { OPEN_AI_URL: 'https://api.example.com/v1', API_KEY: 'sk-a b#c', OPEN_MODEL: undefined });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseEnv(readFileSync(path, 'utf8'))).toEqual({ OPEN_AI_URL: 'https://api.example.com/v1', API_KEY: 'sk-a b#c' });
  });

  it('replaces and removes our keys in place, keeping other lines', () => {
    const path = scratch();
    updateEnvFile(path, {});
    writeFileSync(path, '# mine\nPORT=9000\nAPI_KEY=old\nOPEN_MODEL=x\n');
    updateEnvFile(path, { API_KEY: 'new', OPEN_MODEL: undefined, HAIKU_MODEL: 'h' });
    expect(readFileSync(path, 'utf8')).toBe('# mine\nPORT=9000\nAPI_KEY=new\nHAIKU_MODEL=h\n');
  });

  it('quotes values so that parseEnv reads them back', () => {
    for (const value of ['plain', 'with space', "it's", 'a"b', '']) {
      expect(parseEnv(`K=${quoteEnvValue(value)}`).K ?? '').toBe(value);
    }
  });
});
