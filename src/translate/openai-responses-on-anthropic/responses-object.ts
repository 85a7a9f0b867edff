import type { ResponsesOutputItem, ResponsesResponse, ResponsesStatus } from '../../protocols/openai-responses/types.js';

/** What a translated request asked for, echoed in the response object as OpenAI does. */
export interface ResponsesEcho {
  model: string;
  instructions?: string | null;
  parallel_tool_calls?: boolean | null;
  tool_choice?: unknown;
  tools?: unknown[];
  temperature?: number | null;
  top_p?: number | null;
  max_output_tokens?: number | null;
  metadata?: Record<string, string> | null;
  reasoning?: unknown;
  text?: unknown;
}

/** A response object with every field OpenAI's has, the request's settings echoed. */
export function responseObject(parts: {
  id: string;
  createdAt: number;
  status: ResponsesStatus;
  echo: ResponsesEcho;
  output: ResponsesOutputItem[];
  extra?: Partial<ResponsesResponse>;
}): ResponsesResponse {
  const { echo } = parts;
  return {
    id: parts.id,
    object: 'response',
    created_at: parts.createdAt,
    status: parts.status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: echo.instructions ?? null,
    max_output_tokens: echo.max_output_tokens ?? null,
    model: echo.model,
    output: parts.output,
    parallel_tool_calls: echo.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: echo.reasoning ?? null,
    store: false,
    temperature: echo.temperature ?? null,
    text: echo.text ?? { format: { type: 'text' } },
    tool_choice: echo.tool_choice ?? 'auto',
    tools: echo.tools ?? [],
    top_p: echo.top_p ?? null,
    truncation: 'disabled',
    usage: null,
    metadata: echo.metadata ?? {},
    ...parts.extra,
  };
}
