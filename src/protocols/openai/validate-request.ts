import { RequestValidationError } from '../../errors/proxy-error.js';
import type { OpenAIChatRequest } from './types.js';
import { isRecord } from '../../json/is-record.js';

/**
 * Liberal validation of a Chat Completions request body: only what the translators rely on is
 * checked, unknown fields are never an error (clients add their own), and every error names the
 * offending `param` so the client sees OpenAI's usual 400.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

type Json = Record<string, unknown>;

function reject(message: string, param: string): never {
  throw new RequestValidationError(message, { param });
}

const contentRequiredRoles = new Set(['system', 'developer', 'user', 'tool']);

function checkContent(content: unknown, param: string, required: boolean): void {
  if (content === undefined || content === null) {
    if (required) reject(`${param} is required.`, param);
    return;
  }
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) reject(`${param} must be a string or an array of content parts.`, param);
  content.forEach((part: unknown, index) => {
    if (!isRecord(part) || typeof part['type'] !== 'string') reject(`${param}[${index}] must be an object with a type.`, `${param}[${index}]`);
  });
}

function checkToolCalls(toolCalls: unknown, param: string): void {
  if (toolCalls === undefined || toolCalls === null) return;
  if (!Array.isArray(toolCalls)) reject(`${param} must be an array.`, param);
  toolCalls.forEach((call: unknown, index) => {
    const at = `${param}[${index}]`;
    if (!isRecord(call) || typeof call['id'] !== 'string') reject(`${at}.id must be a string.`, `${at}.id`);
    const fn = call['function'];
    if (!isRecord(fn) || typeof fn['name'] !== 'string') reject(`${at}.function.name must be a string.`, `${at}.function.name`);
    if (fn['arguments'] !== undefined && typeof fn['arguments'] !== 'string') reject(`${at}.function.arguments must be a string.`, `${at}.function.arguments`);
  });
}

function checkMessage(message: unknown, index: number): void {
  const param = `messages[${index}]`;
  if (!isRecord(message)) reject(`${param} must be an object.`, param);
  const role = message['role'];
  if (typeof role !== 'string') reject(`${param}.role is required.`, `${param}.role`);
  switch (role) {
    case 'system':
    case 'developer':
    case 'user':
      return checkContent(message['content'], `${param}.content`, contentRequiredRoles.has(role));
    case 'assistant':
      checkContent(message['content'], `${param}.content`, false);
      return checkToolCalls(message['tool_calls'], `${param}.tool_calls`);
    case 'tool':
      if (typeof message['tool_call_id'] !== 'string') reject(`${param}.tool_call_id must be a string.`, `${param}.tool_call_id`);
      return checkContent(message['content'], `${param}.content`, true);
    case 'function':
      if (typeof message['name'] !== 'string') reject(`${param}.name must be a string.`, `${param}.name`);
      return;
    default:
      reject(`${param}.role '${role}' is not one of system, developer, user, assistant, tool, function.`, `${param}.role`);
  }
}

function checkOptionalType(body: Json, field: string, type: 'number' | 'boolean' | 'string'): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== type) reject(`${field} must be a ${type}.`, field);
}

function checkScalars(body: Json): void {
  for (const field of ['max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'top_logprobs']) checkOptionalType(body, field, 'number');
  for (const field of ['stream', 'parallel_tool_calls', 'logprobs']) checkOptionalType(body, field, 'boolean');
  for (const field of ['user', 'reasoning_effort']) checkOptionalType(body, field, 'string');
  const stop = body['stop'];
  if (stop !== undefined && stop !== null && typeof stop !== 'string' && !(Array.isArray(stop) && stop.every((item) => typeof item === 'string'))) {
    reject('stop must be a string or an array of strings.', 'stop');
  }
}

function checkTools(body: Json): void {
  const tools = body['tools'];
  if (tools === undefined || tools === null) return;
  if (!Array.isArray(tools)) reject('tools must be an array.', 'tools');
  tools.forEach((tool: unknown, index) => {
    if (!isRecord(tool) || typeof tool['type'] !== 'string') reject(`tools[${index}] must be an object with a type.`, `tools[${index}]`);
    const fn = tool['function'];
    if (tool['type'] === 'function' && (!isRecord(fn) || typeof fn['name'] !== 'string')) {
      reject(`tools[${index}].function.name must be a string.`, `tools[${index}].function.name`);
    }
  });
}

/** Features Claude cannot provide at all: refusing is more honest than answering differently. */
/**
 * What Claude cannot serve: several choices and log probabilities. Only the routes that go to
 * Claude call this; the passthrough to an OpenAI-compatible backend forwards these fields.
 */
export function assertClaudeCanServe(request: OpenAIChatRequest): void {
  const body = request as unknown as Json;
  const n = body['n'];
  if (typeof n === 'number' && n > 1) reject('n > 1 is not supported by Claude.', 'n');
  if (body['logprobs'] === true) reject('logprobs are not supported by Claude.', 'logprobs');
  if (typeof body['top_logprobs'] === 'number') reject('top_logprobs is not supported by Claude.', 'top_logprobs');
}

/** Validates an untrusted JSON body as a Chat Completions request; throws RequestValidationError. */
export function validateOpenAIChatRequest(body: unknown): OpenAIChatRequest {
  if (!isRecord(body)) reject('The request body must be a JSON object.', 'body');
  if (typeof body['model'] !== 'string' || body['model'] === '') reject('model is required.', 'model');
  const messages = body['messages'];
  if (!Array.isArray(messages)) reject('messages must be an array.', 'messages');
  if (messages.length === 0) reject('messages must contain at least one message.', 'messages');
  messages.forEach(checkMessage);
  checkScalars(body);
  checkTools(body);
  // The checks above cover every field the translators read; the rest passes through untouched.
  return body as OpenAIChatRequest;
}
