import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EnvRecord } from '../config/parse-config.js';

/** How to get Claude Code when it is missing; we never install anything ourselves. */
export const CLAUDE_INSTALL_HINT = 'npm install -g @anthropic-ai/claude-code';

/**
 * The `claude` executable: the first on PATH, else the one in the working directory's or this
 * package's node_modules/.bin (the package has Claude Code as a dev dependency).
 */
export function findClaudeExecutable(env: EnvRecord, localDirs: readonly string[]): string | undefined {
  const names = process.platform === 'win32' ? ['claude.cmd', 'claude.exe', 'claude'] : ['claude'];
  const pathDirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...pathDirs, ...localDirs]) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** node_modules/.bin of the working directory and of this package, searched after PATH. */
export function defaultLocalBinDirs(cwd: string): string[] {
  return [
    join(cwd, 'node_modules', '.bin'),
    // Two levels up from src/cli or dist/cli is the package root.
    fileURLToPath(new URL('../../node_modules/.bin', import.meta.url)),
  ];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
