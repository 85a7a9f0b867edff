import { TranslationError } from '../../errors/proxy-error.js';
import type {
  AnthropicMessagesRequest,
  AnthropicOutputConfig,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
} from '../../protocols/anthropic/types.js';
import type { OpenAIChatRequest } from '../../protocols/openai/types.js';
import type { Translated, TranslationContext, TranslationWarning } from '../types.js';
import { convertGenerationParams } from './convert-generation-params.js';
import { convertOpenAIMessages } from './convert-messages.js';
import { convertOpenAITools, convertOpenAIToolChoice } from './convert-tools.js';
import { shortenToolNamesForAnthropic } from './shorten-tool-names.js';
import { warnAboutShortenedToolNames, type ToolNameMap } from '../tool-names.js';

/** Fields Claude has no counterpart for: dropped, each with a warning. */
const droppedFields = [
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'store',
  'metadata',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
] as const;

/** Fields this translator reads, or that need no carrying (`stream_options` is the response side's). */
const handledFields = new Set<string>([
  'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'n', 'stream',
  'stream_options', 'tools', 'tool_choice', 'parallel_tool_calls', 'functions', 'function_call', 'response_format',
  'reasoning_effort', 'user', 'logprobs', 'top_logprobs', ...droppedFields,
]);

/** Without a schema, JSON mode can only be asked for: strict output needs a closed schema. */
export const jsonObjectInstruction = 'Respond with a single valid JSON object and nothing else.';

function warnDroppedFields(request: OpenAIChatRequest, warnings: TranslationWarning[]): void {
  for (const field of droppedFields) {
    if (request[field] !== undefined && request[field] !== null) warnings.push({ code: 'dropped_field', message: `${field} is not supported by Claude; dropped.`, field });
  }
  for (const field of Object.keys(request)) {
    if (!handledFields.has(field)) warnings.push({ code: 'dropped_field', message: `Unknown field ${field}; dropped.`, field });
  }
}

/** The tool a JSON answer is forced through where native structured output is not available. */
export const JSON_OUTPUT_TOOL = 'json_output';

interface StructuredOutput {
  outputConfig?: AnthropicOutputConfig;
  /** A tool the model must call; its input is the JSON answer (the response side turns it back into content). */
  forcedTool?: AnthropicTool;
}

function forcedJsonTool(schema: Record<string, unknown>): AnthropicTool {
  return {
    name: JSON_OUTPUT_TOOL,
    description: 'Give your final answer as the input of this tool, in exactly this JSON shape.',
    input_schema: schema,
  };
}

/**
 * response_format -> structured output. `json_schema` maps to `output_config.format` where the
 * model has native structured output, else to a forced tool whose input is the answer. So does
 * `json_object`: Anthropic's native structured output needs a closed schema, while a tool takes
 * "any object". With the client's own tools present nothing can be forced: a system instruction
 * asks for JSON instead, with a warning that it is no longer guaranteed.
 */
function convertResponseFormat(
  request: OpenAIChatRequest,
  context: TranslationContext,
  hasClientTools: boolean,
  system: AnthropicTextBlock[],
  warnings: TranslationWarning[],
): StructuredOutput {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return {};
  let schema: Record<string, unknown>;
  if (format.type === 'json_object') {
    schema = { type: 'object' };
  } else if (format.type === 'json_schema') {
    const given = format.json_schema?.schema;
    if (given === undefined) throw new TranslationError('response_format.json_schema.schema is required.', { param: 'response_format.json_schema.schema' });
    if (context.capabilities.structuredOutputs) return { outputConfig: { format: { type: 'json_schema', schema: given } } };
    schema = given;
  } else {
    const type: unknown = (format as { type?: unknown }).type;
    throw new TranslationError(`response_format type ${String(type)} is not supported by Claude.`, { param: 'response_format' });
  }
  if (!hasClientTools) return { forcedTool: forcedJsonTool(schema) };
  system.push({ type: 'text', text: jsonObjectInstruction });
  warnings.push({ code: 'emulated_json_mode', message: 'JSON mode with the client\'s own tools is asked for with a system instruction; JSON output is not guaranteed.', field: 'response_format' });
  return {};
}

/** Anthropic rejects whitespace-only stop sequences. */
function convertStop(stop: OpenAIChatRequest['stop'], warnings: TranslationWarning[]): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const sequences = typeof stop === 'string' ? [stop] : stop;
  const kept = sequences.filter((sequence) => sequence.trim() !== '');
  if (kept.length < sequences.length) warnings.push({ code: 'dropped_stop_sequence', message: 'Whitespace-only stop sequences are not accepted by Claude; dropped.', field: 'stop' });
  return kept.length > 0 ? kept : undefined;
}

/** Whether the conversation is inside a tool loop: its last assistant turn called tools. */
function lastAssistantCalledTools(messages: AnthropicMessagesRequest['messages']): boolean {
  const last = messages.findLast((message) => message.role === 'assistant');
  return Array.isArray(last?.content) && last.content.some((block) => block.type === 'tool_use');
}

/**
 * OpenAI Chat Completions request -> Anthropic Messages request. Message rules live in
 * convert-messages, tools in convert-tools, max_tokens/thinking/sampling in
 * convert-generation-params. `stream_options.include_usage` is not sent: the response side
 * honours it.
 */
export function convertOpenAIRequestToAnthropic(
  request: OpenAIChatRequest,
  context: TranslationContext,
): Translated<AnthropicMessagesRequest> & { toolNames: ToolNameMap } {
  const converted = convertOpenAIMessages(request.messages);
  const warnings: TranslationWarning[] = [...converted.warnings];
  const tools = convertOpenAITools(request, warnings);
  const structured = convertResponseFormat(request, context, tools.length > 0, converted.system, warnings);
  if (structured.forcedTool) tools.push(structured.forcedTool);
  const toolChoice: AnthropicToolChoice | undefined = structured.forcedTool
    ? { type: 'tool', name: JSON_OUTPUT_TOOL }
    : convertOpenAIToolChoice(request, tools.length > 0, warnings);
  const { effort, ...generation } = convertGenerationParams(request, context, toolChoice, lastAssistantCalledTools(converted.messages), warnings);
  const outputConfig = effort === undefined ? structured.outputConfig : { ...structured.outputConfig, effort };
  const value: AnthropicMessagesRequest = {
    model: context.backendModel,
    ...generation,
    messages: converted.messages,
  };
  if (converted.system.length > 0) value.system = converted.system;
  if (tools.length > 0) value.tools = tools;
  if (toolChoice) value.tool_choice = toolChoice;
  if (outputConfig) value.output_config = outputConfig;
  const stopSequences = convertStop(request.stop, warnings);
  if (stopSequences) value.stop_sequences = stopSequences;
  if (request.user) value.metadata = { user_id: request.user };
  if (request.stream === true) value.stream = true;
  warnDroppedFields(request, warnings);
  const toolNames = shortenToolNamesForAnthropic(value);
  warnAboutShortenedToolNames(toolNames, warnings);
  return { value, warnings, toolNames };
}
