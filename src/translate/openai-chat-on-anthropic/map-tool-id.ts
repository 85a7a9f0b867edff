import { TranslationError } from '../../errors/proxy-error.js';

/**
 * Anthropic tool ids must match `^[a-zA-Z0-9_-]+$`; OpenAI-side ids from other providers carry
 * `.`/`:` (`functions.weather:0`). The same replacement is applied to the tool_use id and to the
 * tool_result that answers it, so pairs stay paired.
 */
export function toAnthropicToolId(id: string, field: string): string {
  if (id === '') throw new TranslationError(`${field}: tool call id is empty.`, { param: field });
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}
