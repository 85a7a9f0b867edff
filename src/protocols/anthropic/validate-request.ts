/**
 * Liberal validation of inbound Anthropic Messages / count_tokens bodies.
 *
 * Only what makes a request meaningless (or would make the translator read a wrong type) is an
 * error; unknown fields, roles and block types pass through untouched so that new API features
 * never break a client. Known optional fields sent as `null` are removed, so translators only see
 * `undefined` for "absent".
 * @see https://docs.anthropic.com/en/api/messages
 */
import { RequestValidationError } from '../../errors/proxy-error.js';
import type { AnthropicCountTokensRequest, AnthropicMessagesRequest } from './types.js';
import { isRecord } from '../../json/is-record.js';

/** Upper bounds that keep a single request from exhausting the proxy. */
export const maxMessages = 10_000;
export const maxTools = 1_000;

const nullableOptionalFields = [
  'max_tokens',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
] as const;

type JsonObject = Record<string, unknown>;

const isObject: (value: unknown) => value is JsonObject = isRecord;

function fail(message: string, param?: string): never {
  throw new RequestValidationError(message, param === undefined ? {} : { param });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function requireString(value: unknown, param: string): void {
  if (typeof value !== 'string') fail(`\`${param}\` must be a string, got ${describe(value)}.`, param);
}

function optionalNumber(value: unknown, param: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    fail(`\`${param}\` must be a number, got ${describe(value)}.`, param);
  }
}

/** Essentials of the block types the translator reads; unknown types only need a `type`. */
function validateBlock(block: unknown, param: string): void {
  if (!isObject(block)) fail(`\`${param}\` must be a content block object, got ${describe(block)}.`, param);
  requireString(block.type, `${param}.type`);
  switch (block.type) {
    case 'text':
      return requireString(block.text, `${param}.text`);
    case 'image':
    case 'document':
      if (!isObject(block.source)) fail(`\`${param}.source\` must be an object.`, `${param}.source`);
      return requireString(block.source.type, `${param}.source.type`);
    case 'tool_use':
      requireString(block.id, `${param}.id`);
      return requireString(block.name, `${param}.name`);
    case 'tool_result':
      requireString(block.tool_use_id, `${param}.tool_use_id`);
      return validateToolResultContent(block.content, `${param}.content`);
    case 'thinking':
      return requireString(block.thinking, `${param}.thinking`);
    default:
      return;
  }
}

function validateToolResultContent(content: unknown, param: string): void {
  if (content === undefined || content === null || typeof content === 'string') return;
  if (!Array.isArray(content)) fail(`\`${param}\` must be a string or an array of content blocks.`, param);
  content.forEach((block, index) => validateBlock(block, `${param}[${index}]`));
}

function validateContent(content: unknown, param: string): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) {
    fail(`\`${param}\` must be a string or an array of content blocks, got ${describe(content)}.`, param);
  }
  content.forEach((block, index) => validateBlock(block, `${param}[${index}]`));
}

function validateMessages(messages: unknown): void {
  if (messages === undefined) fail('`messages` is required.', 'messages');
  if (!Array.isArray(messages)) fail(`\`messages\` must be an array, got ${describe(messages)}.`, 'messages');
  if (messages.length === 0) fail('`messages` must contain at least one message.', 'messages');
  if (messages.length > maxMessages) {
    fail(`\`messages\` has ${messages.length} entries; at most ${maxMessages} are accepted.`, 'messages');
  }
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    if (!isObject(message)) fail(`\`${param}\` must be an object, got ${describe(message)}.`, param);
    requireString(message.role, `${param}.role`);
    validateContent(message.content, `${param}.content`);
  });
}

function validateSystem(system: unknown): void {
  if (system === undefined || typeof system === 'string') return;
  if (!Array.isArray(system)) fail('`system` must be a string or an array of text blocks.', 'system');
  system.forEach((block, index) => validateBlock(block, `system[${index}]`));
}

function validateTools(tools: unknown): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools)) fail(`\`tools\` must be an array, got ${describe(tools)}.`, 'tools');
  if (tools.length > maxTools) fail(`\`tools\` has ${tools.length} entries; at most ${maxTools} are accepted.`, 'tools');
  tools.forEach((tool, index) => {
    const param = `tools[${index}]`;
    if (!isObject(tool)) fail(`\`${param}\` must be an object, got ${describe(tool)}.`, param);
    requireString(tool.name, `${param}.name`);
    if (tool.input_schema !== undefined && !isObject(tool.input_schema)) {
      fail(`\`${param}.input_schema\` must be a JSON Schema object.`, `${param}.input_schema`);
    }
  });
}

function validateToolChoice(toolChoice: unknown): void {
  if (toolChoice === undefined) return;
  if (!isObject(toolChoice)) fail('`tool_choice` must be an object.', 'tool_choice');
  requireString(toolChoice.type, 'tool_choice.type');
  if (toolChoice.type === 'tool') requireString(toolChoice.name, 'tool_choice.name');
}

function validateThinking(thinking: unknown): void {
  if (thinking === undefined) return;
  if (!isObject(thinking)) fail('`thinking` must be an object.', 'thinking');
  requireString(thinking.type, 'thinking.type');
  optionalNumber(thinking.budget_tokens, 'thinking.budget_tokens');
}

function validateSampling(body: JsonObject): void {
  optionalNumber(body.temperature, 'temperature');
  optionalNumber(body.top_p, 'top_p');
  optionalNumber(body.top_k, 'top_k');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') fail('`stream` must be a boolean.', 'stream');
  const stops = body.stop_sequences;
  if (stops !== undefined && (!Array.isArray(stops) || !stops.every((stop) => typeof stop === 'string'))) {
    fail('`stop_sequences` must be an array of strings.', 'stop_sequences');
  }
}

function validateMaxTokens(maxTokens: unknown): void {
  if (maxTokens === undefined) return;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
    fail(`\`max_tokens\` must be a positive integer, got ${JSON.stringify(maxTokens) ?? describe(maxTokens)}.`, 'max_tokens');
  }
}

function validateMetadataAndOutput(body: JsonObject): void {
  const metadata = body.metadata;
  if (metadata !== undefined) {
    if (!isObject(metadata)) fail('`metadata` must be an object.', 'metadata');
    if (metadata.user_id !== undefined && metadata.user_id !== null) requireString(metadata.user_id, 'metadata.user_id');
  }
  const output = body.output_config;
  if (output === undefined) return;
  if (!isObject(output)) fail('`output_config` must be an object.', 'output_config');
  if (output.effort !== undefined) requireString(output.effort, 'output_config.effort');
  if (output.format === undefined || output.format === null) return;
  if (!isObject(output.format)) fail('`output_config.format` must be an object.', 'output_config.format');
  requireString(output.format.type, 'output_config.format.type');
  if (output.format.type === 'json_schema' && !isObject(output.format.schema)) {
    fail('`output_config.format.schema` must be a JSON Schema object.', 'output_config.format.schema');
  }
}

/** A shallow copy without known optional fields that are `null` (treated as absent). */
function withoutNullOptionals(body: JsonObject): JsonObject {
  const copy: JsonObject = { ...body };
  for (const field of nullableOptionalFields) {
    if (copy[field] === null) delete copy[field];
  }
  return copy;
}

function validateCommon(body: unknown): JsonObject {
  if (!isObject(body)) fail(`The request body must be a JSON object, got ${describe(body)}.`);
  const copy = withoutNullOptionals(body);
  if (copy.model === undefined) fail('`model` is required.', 'model');
  requireString(copy.model, 'model');
  validateMessages(copy.messages);
  validateSystem(copy.system);
  validateTools(copy.tools);
  validateToolChoice(copy.tool_choice);
  validateThinking(copy.thinking);
  return copy;
}

/**
 * Checks an inbound `/v1/messages` body and returns it typed. Throws `RequestValidationError`
 * (with `param`) only for requests that cannot mean anything.
 */
export function validateAnthropicMessagesRequest(body: unknown): AnthropicMessagesRequest {
  const copy = validateCommon(body);
  validateMaxTokens(copy.max_tokens);
  validateSampling(copy);
  validateMetadataAndOutput(copy);
  return copy as AnthropicMessagesRequest;
}

/** Checks an inbound `/v1/messages/count_tokens` body (no `max_tokens` needed). */
export function validateAnthropicCountTokensRequest(body: unknown): AnthropicCountTokensRequest {
  return validateCommon(body) as AnthropicCountTokensRequest;
}
