import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { EnvRecord } from '../config/parse-config.js';
import { userEnvFilePath } from './user-paths.js';

export interface LoadedEnvironment {
  env: EnvRecord;
  /** Path of the .env file that was read, if any. */
  dotenvPath: string | undefined;
  /** Path of the user-level file written by `claude-proxy setup` (~/.claude-proxy/.env), if read. */
  userEnvPath?: string | undefined;
}

/**
 * The environment the proxy is configured from: the process environment over a `.env` file in
 * the working directory (the process environment wins, as with dotenv), over the user-level
 * `~/.claude-proxy/.env` that `claude-proxy setup` writes (lowest: a project's .env is more
 * specific than the user's defaults).
 */
export function loadEnvironment(
  cwd: string = process.cwd(),
  processEnv: EnvRecord = process.env,
  userEnvPath: string = userEnvFilePath(processEnv),
): LoadedEnvironment {
  const dotenvPath = join(cwd, '.env');
  const fromUser = readEnvFile(userEnvPath);
  const fromCwd = readEnvFile(dotenvPath);
  return {
    env: { ...fromUser, ...fromCwd, ...processEnv },
    dotenvPath: fromCwd ? dotenvPath : undefined,
    userEnvPath: fromUser ? userEnvPath : undefined,
  };
}

function readEnvFile(path: string): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}
