/**
 * The `backend,model` form (as in claude-code-router): `anthropic,claude-opus-4-5` names the
 * backend `anthropic` and its model `claude-opus-4-5`. Accepted in tier variables
 * (`OPUS_MODEL=anthropic,claude-opus-4-5`), `MODEL_MAP` targets and requested model names
 * (`claude --model deepseek,deepseek-chat`). Model ids contain no comma, so a name with one is
 * always this form.
 */
export interface BackendModelName {
  backend: string;
  model: string;
}

/** `backend,model` -> its parts; undefined for a plain model name. */
export function splitBackendModel(value: string): BackendModelName | undefined {
  const comma = value.indexOf(',');
  if (comma < 0) return undefined;
  const backend = value.slice(0, comma).trim();
  const model = value.slice(comma + 1).trim();
  if (backend === '' || model === '') return undefined;
  return { backend, model };
}
