import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import type { ResponsesEcho } from './stream-translator.js';

/** What a Responses response repeats of its request (model, instructions, tools, sampling), as OpenAI does. */
export function echoOfResponsesRequest(request: ResponsesRequest): ResponsesEcho {
  return {
    model: request.model,
    instructions: request.instructions ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    reasoning: request.reasoning ?? null,
    text: request.text ?? { format: { type: 'text' } },
  };
}
