/**
 * Anthropic `output_config.format` (a JSON schema) -> what the backend can take:
 * - `structuredOutputs`: `response_format: json_schema` (the schema in the backend's dialect);
 * - else `jsonMode`: `response_format: json_object` plus the schema in the system prompt
 *   (DeepSeek: JSON mode also wants the word "json" in the prompt, which the instruction has);
 * - else the prompt instruction alone.
 * The two fallbacks are reported: the backend no longer guarantees the shape of the answer.
 */
import type { AnthropicMessagesRequest } from '../../protocols/anthropic/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { ConvertedMessage, ConvertedResponseFormat } from './converted-request-types.js';
import { rewriteToolSchema } from './rewrite-tool-schema.js';

export interface ConvertedOutputFormat {
  responseFormat?: ConvertedResponseFormat;
  /** The messages with the schema instruction added, when the backend cannot take the schema. */
  messages: ConvertedMessage[];
}

function schemaInstruction(schema: unknown): string {
  return `Respond with only a JSON object (json, no prose and no code fence) that matches this JSON schema: ${JSON.stringify(schema)}`;
}

/** Appends to the leading system message, or puts one first. */
function withSystemInstruction(messages: ConvertedMessage[], instruction: string): ConvertedMessage[] {
  const first = messages[0];
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...messages.slice(1)];
  return [{ role: 'system', content: instruction }, ...messages];
}

export function convertOutputFormat(
  request: AnthropicMessagesRequest,
  messages: ConvertedMessage[],
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedOutputFormat {
  const format = request.output_config?.format;
  if (format === undefined || format === null) return { messages };
  if (format.type !== 'json_schema') {
    warnings.push({ code: 'dropped_field', message: `output_config.format type "${String(format.type)}" is not supported; it was dropped.`, field: 'output_config.format' });
    return { messages };
  }
  const { structuredOutputs, jsonMode } = context.capabilities;
  if (structuredOutputs) {
    // `strict` is left out: OpenAI's strict mode rejects schemas outside its subset, which Anthropic accepts.
    const schema = rewriteToolSchema(format.schema, context.capabilities.schemaDialect);
    return { responseFormat: { type: 'json_schema', json_schema: { name: 'output', schema } }, messages };
  }
  warnings.push({
    code: 'structured_output_downgraded',
    message: `"${context.backendModel}" takes no JSON schema for its output; the schema was put into the system prompt${jsonMode ? ' with JSON mode (json_object)' : ''}.`,
    field: 'output_config.format',
  });
  const instructed = withSystemInstruction(messages, schemaInstruction(format.schema));
  return jsonMode ? { responseFormat: { type: 'json_object' }, messages: instructed } : { messages: instructed };
}
