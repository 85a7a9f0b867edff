import type { OpenAIChatRequest } from '../../protocols/openai/types.js';

/**
 * What may happen to a request field that a backend rejects by name ("Unsupported parameter:
 * 'user'", pydantic's "Extra inputs are not permitted" for `stream_options`, ...):
 * - `dropped`: carries no meaning the client asked for (`stream_options`: usage is then missing;
 *   `user`: an abuse-tracking id; `prompt_cache_key`: a hint for the backend's cache);
 * - `adapted`: changes how the model samples or reasons, not what it may do: dropped, but the
 *   request's log line names it (`adapted=`) on every request it affects, and an info line says so;
 * - `enforced`: `stop` is taken out and the proxy cuts the output at the sequences itself;
 * - everything else (`tool_choice`, `tools`, `response_format`, `messages`, ...) is never
 *   adapted: the client gets a 400 that names the field and the backend (`refusedParameterOf`).
 */
const adaptations: Record<string, 'dropped' | 'adapted' | 'enforced'> = {
  stream_options: 'dropped',
  user: 'dropped',
  prompt_cache_key: 'dropped',
  temperature: 'adapted',
  top_p: 'adapted',
  reasoning_effort: 'adapted',
  parallel_tool_calls: 'adapted',
  stop: 'enforced',
};

/** `max_tokens` and `max_completion_tokens` are the same limit under two names. */
const renamed: Record<string, string> = {
  max_tokens: 'max_completion_tokens',
  max_completion_tokens: 'max_tokens',
};

export interface ParameterAdaptation {
  /** The field the backend rejected. */
  parameter: string;
  /** What was done: `dropped`, `adapted`, `enforced`, or `renamed to <name>`. */
  action: string;
  /** Whether the request's log line must name the field (it changes how the model answers). */
  visible: boolean;
  request: OpenAIChatRequest;
}

/**
 * Given a backend's 400/422 error body, the same request without the one optional field it
 * rejected (or with `max_tokens` under its other name); undefined when the error names no such
 * field, or the request does not carry it.
 */
export function adaptToRejectedParameter(request: OpenAIChatRequest, errorBody: unknown): ParameterAdaptation | undefined {
  const parameter = rejectedParameterOf(errorBody);
  if (parameter === undefined || !(parameter in request)) return undefined;
  const { [parameter]: value, ...rest } = request;
  const target = renamed[parameter];
  if (target !== undefined) {
    return { parameter, action: `renamed to ${target}`, visible: false, request: { ...rest, [target]: value } as OpenAIChatRequest };
  }
  const adaptation = adaptations[parameter];
  if (adaptation === undefined) return undefined;
  return { parameter, action: adaptation, visible: adaptation !== 'dropped', request: rest as OpenAIChatRequest };
}

/**
 * The field a backend's 400/422 rejected by name when it is one the proxy must not adapt
 * (it carries meaning: `tool_choice`, `tools`, `response_format`, ...); undefined otherwise.
 */
export function refusedParameterOf(request: OpenAIChatRequest, errorBody: unknown): string | undefined {
  const parameter = rejectedParameterOf(errorBody);
  if (parameter === undefined || !(parameter in request)) return undefined;
  return renamed[parameter] === undefined && adaptations[parameter] === undefined ? parameter : undefined;
}

/** Whether dropping this (remembered) field must be named in the request's log line. */
export function isVisibleAdaptation(parameter: string): boolean {
  const adaptation = adaptations[parameter];
  return adaptation === 'adapted' || adaptation === 'enforced';
}

const messagePatterns = [
  /Unsupported parameter: '([a-z_]+)'/i,
  /Unrecognized request arguments? supplied: ([a-z_]+)/i,
  /Unknown parameter: '([a-z_]+)'/i,
  /unknown field `([a-z_]+)`/i,
  /'([a-z_]+)' is not supported/i,
  /property '([a-z_]+)' is unsupported/i,
  // Google's (Gemini's OpenAI endpoint): a top-level field has no ` at '<path>'` before the colon.
  /Unknown name \\?"([a-z_]+)\\?": Cannot find field/i,
];

/** The top-level request field an error body says was not accepted, if it says so clearly. */
export function rejectedParameterOf(errorBody: unknown): string | undefined {
  // Gemini's OpenAI endpoint wraps its error object in a one-element array.
  if (Array.isArray(errorBody) && errorBody.length === 1) return rejectedParameterOf(errorBody[0]);
  if (typeof errorBody !== 'object' || errorBody === null) return undefined;
  const record = errorBody as Record<string, unknown>;
  const pydantic = fromPydanticDetail(record['detail']);
  if (pydantic !== undefined) return pydantic;
  const error = typeof record['error'] === 'object' && record['error'] !== null ? (record['error'] as Record<string, unknown>) : record;
  const code = typeof error['code'] === 'string' ? error['code'] : '';
  const param = error['param'];
  if (typeof param === 'string' && /^[a-z_]+$/.test(param) && /unsupported|unknown|unrecognized|extra/i.test(`${code} ${String(error['message'])}`)) {
    return param;
  }
  const message = typeof error['message'] === 'string' ? error['message'] : '';
  for (const pattern of messagePatterns) {
    const match = pattern.exec(message);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** FastAPI / pydantic: `{"detail":[{"loc":["body","stream_options"],"msg":"Extra inputs are not permitted"}]}`. */
function fromPydanticDetail(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return undefined;
  for (const entry of detail) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { loc, msg, type } = entry as { loc?: unknown; msg?: unknown; type?: unknown };
    const extra = type === 'extra_forbidden' || (typeof msg === 'string' && /extra (inputs|fields) (are )?not permitted/i.test(msg));
    if (extra && Array.isArray(loc) && loc.length === 2 && loc[0] === 'body' && typeof loc[1] === 'string') return loc[1];
  }
  return undefined;
}

/** Applies parameters a backend rejected before (remembered per backend and model) up front. */
export function withoutRejectedParameters(request: OpenAIChatRequest, rejected: Iterable<string>): OpenAIChatRequest {
  let current = request;
  for (const parameter of rejected) {
    if (!(parameter in current)) continue;
    const { [parameter]: value, ...rest } = current;
    const target = renamed[parameter];
    current = (target === undefined ? rest : { ...rest, [target]: value }) as OpenAIChatRequest;
  }
  return current;
}
