import type { ModelCapabilities } from '../../models/model-capabilities.js';
import { buildToolNameMap, renameTool, type ToolNameMap } from '../tool-names.js';
import type { ConvertedMessage } from './converted-request-types.js';
import type { OpenAIFunctionTool, OpenAIToolChoice } from '../../protocols/openai/types.js';

interface ToolNamedBody {
  messages: ConvertedMessage[];
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
}

function* toolNamesOf(body: ToolNamedBody): Generator<string> {
  for (const tool of body.tools ?? []) yield tool.function.name;
  if (typeof body.tool_choice === 'object') yield body.tool_choice.function.name;
  for (const message of body.messages) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) yield call.function.name;
  }
}

/**
 * Renames, in the translated request, every tool name the backend cannot take (the tools,
 * `tool_choice`, the tool calls of earlier turns, also of tools no longer offered); see
 * `tool-names.ts`. Returns the map; nothing changes (and nothing is copied) when all names fit.
 */
export function shortenToolNamesForOpenAI(body: ToolNamedBody, capabilities: ModelCapabilities): ToolNameMap {
  const names = buildToolNameMap(toolNamesOf(body), capabilities.schemaDialect === 'gemini' ? 'gemini' : 'openai');
  if (names.toBackend.size === 0) return names;
  const rename = (fn: { name: string }) => {
    fn.name = renameTool(names.toBackend, fn.name);
  };
  for (const tool of body.tools ?? []) rename(tool.function);
  if (typeof body.tool_choice === 'object') rename(body.tool_choice.function);
  for (const message of body.messages) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) rename(call.function);
  }
  return names;
}
