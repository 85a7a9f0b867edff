import { ConfigError } from '../config/parse-config.js';

type JsonObject = Record<string, unknown>;

/**
 * Sets `keys` in the `env` block of a Claude Code settings.json text, keeping every other setting
 * and every other env key where they are. Pure and idempotent: applying the same values to the
 * output gives the same text. `text` undefined = no file yet.
 */
export function mergeSettingsEnv(text: string | undefined, keys: Readonly<Record<string, string>>, topLevel: Readonly<Record<string, unknown>> = {}): string {
  const settings = parseSettings(text);
  const env = { ...objectOrEmpty(settings.env, 'env') };
  for (const [key, value] of Object.entries(keys)) env[key] = value;
  settings.env = env;
  // A top-level setting the user chose already (`skipWebFetchPreflight: false`) is theirs.
  for (const [key, value] of Object.entries(topLevel)) if (!(key in settings)) settings[key] = value;
  return stringifyLike(settings, text);
}

/** The top-level keys of `topLevel` that the settings text does not set yet: the ones `mergeSettingsEnv` adds. */
export function missingTopLevelKeys(text: string | undefined, topLevel: Readonly<Record<string, unknown>>): string[] {
  const settings = parseSettings(text);
  return Object.keys(topLevel).filter((key) => !(key in settings));
}

/**
 * Removes `keys` from the `env` block; drops an `env` block we emptied. Returns undefined when
 * nothing at all is left (the file was ours alone and can be deleted).
 */
export function removeSettingsEnv(text: string, keys: readonly string[], topLevelKeys: readonly string[] = []): string | undefined {
  const settings = parseSettings(text);
  for (const key of topLevelKeys) delete settings[key];
  if (settings.env !== undefined) {
    const env = { ...objectOrEmpty(settings.env, 'env') };
    for (const key of keys) delete env[key];
    if (Object.keys(env).length > 0) settings.env = env;
    else delete settings.env;
  }
  return Object.keys(settings).length === 0 ? undefined : stringifyLike(settings, text);
}

/** The env block of a settings text (empty if none), for warnings about conflicting keys. */
export function settingsEnvOf(text: string | undefined): Record<string, unknown> {
  return objectOrEmpty(parseSettings(text).env, 'env');
}

function parseSettings(text: string | undefined): JsonObject {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`~/.claude/settings.json is not valid JSON (${reason}); fix it first, nothing was changed.`);
  }
  return objectOrEmpty(parsed, 'settings.json');
}

function objectOrEmpty(value: unknown, what: string): JsonObject {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${what} in ~/.claude/settings.json is not a JSON object; fix it first, nothing was changed.`);
  }
  return { ...(value as JsonObject) };
}

/** Keeps the file's indentation (tabs or N spaces) so that our edit shows as a small diff. */
function stringifyLike(value: JsonObject, original: string | undefined): string {
  const indent = /\n([ \t]+)"/.exec(original ?? '')?.[1] ?? '  ';
  return `${JSON.stringify(value, null, indent)}\n`;
}
