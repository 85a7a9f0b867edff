import type { OpenAIFunctionTool } from '../../src/protocols/openai/types.js';

/** The function tools of a translated request (provider server tools, e.g. OpenRouter's web search, left out). */
export function functionToolsOf(request: { tools?: ReadonlyArray<{ type: string }> }): OpenAIFunctionTool[] {
  return (request.tools ?? []).filter((tool): tool is OpenAIFunctionTool => tool.type === 'function');
}
