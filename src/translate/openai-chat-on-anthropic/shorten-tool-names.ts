import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import { buildToolNameMap, renameTool, type ToolNameMap } from '../tool-names.js';

function* toolNameHolders(request: AnthropicMessagesRequest): Generator<{ name: string }> {
  for (const tool of request.tools ?? []) yield tool;
  if (request.tool_choice?.type === 'tool') yield request.tool_choice;
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_use' && 'name' in block && typeof block.name === 'string') yield block as { name: string };
    }
  }
}

/**
 * Renames, in the translated request, every tool name Claude cannot take (dots, more than 128
 * characters): the tools (legacy `functions` included, they are tools by now), `tool_choice`
 * and the tool_use blocks of earlier turns; see `tool-names.ts`. Returns the map; nothing
 * changes when all names fit.
 */
export function shortenToolNamesForAnthropic(request: AnthropicMessagesRequest): ToolNameMap {
  const names = buildToolNameMap([...toolNameHolders(request)].map((holder) => holder.name), 'anthropic');
  if (names.toBackend.size === 0) return names;
  for (const holder of toolNameHolders(request)) holder.name = renameTool(names.toBackend, holder.name);
  return names;
}
