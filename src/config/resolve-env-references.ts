/**
 * `${ENV_NAME}` references in the configuration file's strings, resolved after parsing so that
 * secrets stay out of the file: `apiKey: "${DEEPSEEK_API_KEY}"`. `${NAME:-fallback}` gives a
 * value for an unset (or empty) variable; `$${` is a literal `${`. An unset variable without a
 * fallback is an error that names the key path and the variable.
 */
import type { EnvRecord } from './parse-config.js';

const reference = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface UnresolvedReference {
  /** `backends.deepseek.apiKey` */
  path: string;
  variable: string;
}

/** A copy of `value` with every reference replaced; `missing` lists the unset ones. */
export function resolveEnvReferences(value: unknown, env: EnvRecord): { value: unknown; missing: UnresolvedReference[] } {
  const missing: UnresolvedReference[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') return resolveString(node, env, (variable) => missing.push({ path, variable }));
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item, path === '' ? key : `${path}.${key}`);
      return out;
    }
    return node;
  };
  return { value: walk(value, ''), missing };
}

function resolveString(text: string, env: EnvRecord, onMissing: (variable: string) => void): string {
  if (!text.includes('$')) return text;
  return text.replace(reference, (match, variable: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    const value = env[variable!];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    onMissing(variable!);
    return '';
  });
}
