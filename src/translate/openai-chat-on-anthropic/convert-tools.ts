import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicTool, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest, OpenAIFunctionTool } from '../../protocols/openai/types.js';
import type { TranslationWarning } from '../types.js';

type FunctionDefinition = OpenAIFunctionTool['function'];

function convertFunction(definition: FunctionDefinition, field: string, warnings: TranslationWarning[]): AnthropicTool {
  if (definition.strict) {
    // Strict schema enforcement is a model-dependent Anthropic feature; the schema still guides
    // Claude, only the guarantee is lost.
    warnings.push({ code: 'dropped_field', message: 'strict tool schemas are not enforced on Claude; dropped.', field: `${field}.strict` });
  }
  const tool: AnthropicTool = { name: definition.name, input_schema: definition.parameters ?? { type: 'object', properties: {} } };
  if (definition.description) tool.description = definition.description;
  return tool;
}

/** `tools` (and legacy `functions`) -> Anthropic tools; non-function tools cannot be expressed. */
export function convertOpenAITools(request: OpenAIChatRequest, warnings: TranslationWarning[]): AnthropicTool[] {
  const tools = (request.tools ?? []).map((tool, index) => {
    if (tool.type !== 'function') throw new TranslationError(`tools[${index}]: tool type ${String(tool.type)} is not supported by Claude.`, { param: `tools[${index}]` });
    return convertFunction(tool.function, `tools[${index}].function`, warnings);
  });
  const functions = (request.functions ?? []).map((definition, index) => convertFunction(definition, `functions[${index}]`, warnings));
  return [...tools, ...functions];
}

function convertChoice(choice: OpenAIChatRequest['tool_choice'] | OpenAIChatRequest['function_call']): AnthropicToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  if (typeof choice === 'object' && 'function' in choice) return { type: 'tool', name: choice.function.name };
  if (typeof choice === 'object' && 'name' in choice) return { type: 'tool', name: choice.name };
  throw new TranslationError(`tool_choice ${JSON.stringify(choice)} is not supported by Claude.`, { param: 'tool_choice' });
}

/**
 * `tool_choice` (or legacy `function_call`) + `parallel_tool_calls` -> Anthropic tool_choice.
 * `parallel_tool_calls: false` lives on the tool_choice in Anthropic's API, so it creates an
 * `auto` choice when none was given. Without tools there is nothing to choose: dropped.
 */
export function convertOpenAIToolChoice(request: OpenAIChatRequest, hasTools: boolean, warnings: TranslationWarning[]): AnthropicToolChoice | undefined {
  const requested = request.tool_choice ?? request.function_call;
  if (!hasTools) {
    if (requested !== undefined && requested !== null) warnings.push({ code: 'dropped_field', message: 'tool_choice without tools; dropped.', field: 'tool_choice' });
    return undefined;
  }
  const choice = convertChoice(requested);
  if (request.parallel_tool_calls !== false) return choice;
  if (choice?.type === 'none') return choice;
  return { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
}
