import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EnvRecord } from '../config/parse-config.js';

/**
 * The user's home: `HOME` from the given environment first (so tests and scripts can point the
 * commands at a scratch home), then the OS's idea of it.
 */
export function homeOf(env: EnvRecord = process.env): string {
  const home = env.HOME?.trim();
  return home ? home : homedir();
}

/** `~/.claude-proxy`: where `setup` keeps the backend settings and its own bookkeeping. */
export function proxyConfigDir(env: EnvRecord = process.env): string {
  return join(homeOf(env), '.claude-proxy');
}

/** `~/.claude-proxy/.env`: backend settings written by `setup`, read by every command. */
export function userEnvFilePath(env: EnvRecord = process.env): string {
  return join(proxyConfigDir(env), '.env');
}

/** `~/.claude/settings.json`: Claude Code's user settings. */
export function claudeSettingsPath(env: EnvRecord = process.env): string {
  return join(homeOf(env), '.claude', 'settings.json');
}
