import type { OpenAIChatRequest } from '../../protocols/openai/types.js';

/**
 * Optional request fields a backend may reject by name ("Unsupported parameter: 'user'",
 * pydantic's "Extra inputs are not permitted" for `stream_options`, ...). Dropping one of them
 * changes no meaning the client asked for; everything else is the client's to fix.
 */
const droppable = new Set([
  'stream_options',
  'parallel_tool_calls',
  'user',
  'reasoning_effort',
  'tool_choice',
  'top_p',
  'temperature',
  'stop',
]);

/** `max_tokens` and `max_completion_tokens` are the same limit under two names. */
const renamed: Record<string, string> = {
  max_tokens: 'max_completion_tokens',
  max_completion_tokens: 'max_tokens',
};

export interface ParameterAdaptation {
  /** The field the backend rejected. */
  parameter: string;
  /** What was done: `dropped`, or `renamed to <name>`. */
  action: string;
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
    return { parameter, action: `renamed to ${target}`, request: { ...rest, [target]: value } as OpenAIChatRequest };
  }
  if (!droppable.has(parameter)) return undefined;
  return { parameter, action: 'dropped', request: rest as OpenAIChatRequest };
}

const messagePatterns = [
  /Unsupported parameter: '([a-z_]+)'/i,
  /Unrecognized request arguments? supplied: ([a-z_]+)/i,
  /Unknown parameter: '([a-z_]+)'/i,
  /unknown field `([a-z_]+)`/i,
  /'([a-z_]+)' is not supported/i,
  /property '([a-z_]+)' is unsupported/i,
];

/** The top-level request field an error body says was not accepted, if it says so clearly. */
export function rejectedParameterOf(errorBody: unknown): string | undefined {
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
