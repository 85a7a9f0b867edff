/**
 * Anthropic `tools` / `tool_choice` -> OpenAI `tools` / `tool_choice` / `parallel_tool_calls`.
 *
 * Client tools (`{name, description, input_schema}`, or `type: "custom"`) become function tools.
 * Anthropic-defined tools carry a versioned `type` (`web_search_20250305`, `bash_20250124`,
 * `text_editor_*`, `computer_*`, `code_execution_*`...): they are run by Anthropic's servers or
 * have a schema only Claude knows, so an OpenAI-compatible backend cannot use them; they are
 * dropped with a warning.
 */
import type { AnthropicTool, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { OpenAIFunctionTool, OpenAIToolChoice } from '../../protocols/openai/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import { rewriteToolSchema } from './rewrite-tool-schema.js';

export interface ConvertedTools {
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
}

const emptyObjectSchema = { type: 'object', properties: {} };

function isClientTool(tool: AnthropicTool): boolean {
  return tool.type === undefined || tool.type === null || tool.type === 'custom';
}

function toFunctionTool(tool: AnthropicTool, context: TranslationContext): OpenAIFunctionTool {
  const schema = rewriteToolSchema(tool.input_schema ?? emptyObjectSchema, context.capabilities.schemaDialect);
  const parameters =
    context.capabilities.schemaDialect === 'gemini' && schema.properties === undefined ? undefined : schema;
  const fn: OpenAIFunctionTool['function'] = { name: tool.name };
  if (typeof tool.description === 'string') fn.description = tool.description;
  // Gemini rejects an object schema without properties; a parameterless function omits them.
  if (parameters !== undefined) fn.parameters = parameters;
  return { type: 'function', function: fn };
}

function convertToolList(
  tools: AnthropicTool[],
  context: TranslationContext,
  warnings: TranslationWarning[],
): OpenAIFunctionTool[] {
  const converted: OpenAIFunctionTool[] = [];
  tools.forEach((tool, index) => {
    if (isClientTool(tool)) {
      converted.push(toFunctionTool(tool, context));
      return;
    }
    warnings.push({
      code: 'dropped_tool',
      message: `The Anthropic server tool "${tool.name}" (type ${String(tool.type)}) cannot run on an OpenAI-compatible backend; it was dropped.`,
      field: `tools[${index}]`,
    });
  });
  return converted;
}

function mapToolChoice(choice: AnthropicToolChoice, tools: OpenAIFunctionTool[], warnings: TranslationWarning[]): OpenAIToolChoice | undefined {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (tools.some((tool) => tool.function.name === choice.name)) return { type: 'function', function: { name: choice.name } };
      warnings.push({ code: 'dropped_field', message: `tool_choice names "${choice.name}", which is not among the sent tools; it was dropped.`, field: 'tool_choice' });
      return undefined;
    default:
      warnings.push({ code: 'dropped_field', message: `Unknown tool_choice type "${String((choice as { type: unknown }).type)}"; it was dropped.`, field: 'tool_choice' });
      return undefined;
  }
}

function convertToolChoice(
  choice: AnthropicToolChoice | undefined,
  tools: OpenAIFunctionTool[],
  context: TranslationContext,
  warnings: TranslationWarning[],
): Omit<ConvertedTools, 'tools'> {
  if (choice === undefined) return {};
  const result: Omit<ConvertedTools, 'tools'> = {};
  if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true) result.parallel_tool_calls = false;
  if (!context.capabilities.toolChoice) {
    warnings.push({ code: 'dropped_field', message: `The model "${context.backendModel}" does not accept tool_choice; it was dropped.`, field: 'tool_choice' });
    return result;
  }
  const mapped = mapToolChoice(choice, tools, warnings);
  if (mapped !== undefined) result.tool_choice = mapped;
  return result;
}

/** Tools and tool choice for the OpenAI request; all fields omitted when no tool survives. */
export function convertAnthropicToolsToOpenAI(
  tools: AnthropicTool[] | undefined,
  toolChoice: AnthropicToolChoice | undefined,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedTools {
  const converted = convertToolList(tools ?? [], context, warnings);
  if (converted.length === 0) {
    if (toolChoice !== undefined) {
      warnings.push({ code: 'dropped_field', message: 'tool_choice without any tool was dropped.', field: 'tool_choice' });
    }
    return {};
  }
  return { tools: converted, ...convertToolChoice(toolChoice, converted, context, warnings) };
}
