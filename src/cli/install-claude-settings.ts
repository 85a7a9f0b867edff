import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mergeSettingsEnv, missingTopLevelKeys, removeSettingsEnv } from './claude-settings.js';

/** Where `setup` reads and writes; all derived from HOME so tests use a scratch home. */
export interface SettingsPaths {
  settings: string;
  /** The untouched original, written once, before our first change. */
  backup: string;
  /** Our bookkeeping: whether a settings file existed before, which env keys we own. */
  state: string;
}

interface SetupState {
  settingsExisted: boolean;
  keys: string[];
  /** Top-level settings we added (`skipWebFetchPreflight`); one the user had set is not ours. */
  topLevelKeys: string[];
}

/** The paths for a settings file and a folder for our own state. */
export function settingsPathsFor(settingsPath: string, stateDir: string): SettingsPaths {
  return { settings: settingsPath, backup: `${settingsPath}.claude-proxy-backup`, state: join(stateDir, 'setup-state.json') };
}

/**
 * Writes our keys into the settings' env block. The first run records whether a file existed and
 * copies it aside; later runs never overwrite that copy, so `--undo` restores the true original.
 */
export function installClaudeSettings(paths: SettingsPaths, keys: Readonly<Record<string, string>>, topLevel: Readonly<Record<string, unknown>> = {}): void {
  const existing = existsSync(paths.settings) ? readFileSync(paths.settings, 'utf8') : undefined;
  const next = mergeSettingsEnv(existing, keys, topLevel); // Throws on a broken file before anything is touched.
  const added = missingTopLevelKeys(existing, topLevel);
  let state = readState(paths);
  if (!state) {
    if (existing !== undefined && !existsSync(paths.backup)) copyFileSync(paths.settings, paths.backup);
    state = { settingsExisted: existing !== undefined, keys: [], topLevelKeys: [] };
  }
  state.keys = [...new Set([...state.keys, ...Object.keys(keys)])];
  state.topLevelKeys = [...new Set([...state.topLevelKeys, ...added])];
  mkdirSync(dirname(paths.state), { recursive: true });
  writeFileSync(paths.state, `${JSON.stringify(state, null, 2)}\n`);
  mkdirSync(dirname(paths.settings), { recursive: true });
  if (next !== existing) writeFileSync(paths.settings, next);
}

/** What `undoClaudeSettings` did, in words for the user. */
export type UndoOutcome = 'restored-backup' | 'removed-keys' | 'removed-file' | 'nothing-to-undo';

/** Restores the original settings byte for byte, or removes only our keys if there was none. */
export function undoClaudeSettings(paths: SettingsPaths): UndoOutcome {
  const state = readState(paths);
  if (!state) return 'nothing-to-undo';
  let outcome: UndoOutcome = 'nothing-to-undo';
  if (state.settingsExisted && existsSync(paths.backup)) {
    copyFileSync(paths.backup, paths.settings);
    rmSync(paths.backup);
    outcome = 'restored-backup';
  } else if (existsSync(paths.settings)) {
    const rest = removeSettingsEnv(readFileSync(paths.settings, 'utf8'), state.keys, state.topLevelKeys);
    if (rest === undefined) rmSync(paths.settings);
    else writeFileSync(paths.settings, rest);
    outcome = rest === undefined ? 'removed-file' : 'removed-keys';
  }
  rmSync(paths.state);
  return outcome;
}

function readState(paths: SettingsPaths): SetupState | undefined {
  if (!existsSync(paths.state)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(paths.state, 'utf8')) as Partial<SetupState>;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : []);
    return { settingsExisted: parsed.settingsExisted === true, keys: strings(parsed.keys), topLevelKeys: strings(parsed.topLevelKeys) };
  } catch {
    return undefined;
  }
}
