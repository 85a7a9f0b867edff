/**
 * Liberal validation of a Responses API request body: only what the translators rely on is
 * checked, unknown fields and unknown item or tool types are never an error (clients add their
 * own; a translator decides what it can carry), and every error names the offending `param` so
 * the client sees OpenAI's usual 400. State the proxy does not keep is refused here, clearly.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
import { RequestValidationError } from '../../errors/proxy-error.js';
import { isRecord } from '../../json/is-record.js';
import type { ResponsesRequest } from './types.js';

function reject(message: string, param: string): never {
  throw new RequestValidationError(message, { param });
}

const roles = new Set(['user', 'assistant', 'system', 'developer']);

function checkContent(content: unknown, param: string): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) reject(`${param} must be a string or an array of content parts.`, param);
  content.forEach((part: unknown, index) => {
    const at = `${param}[${index}]`;
    if (!isRecord(part) || typeof part['type'] !== 'string') reject(`${at} must be an object with a type.`, at);
    if ((part['type'] === 'input_text' || part['type'] === 'output_text') && typeof part['text'] !== 'string') reject(`${at}.text must be a string.`, `${at}.text`);
  });
}

function checkString(item: Record<string, unknown>, key: string, at: string): void {
  if (typeof item[key] !== 'string') reject(`${at}.${key} must be a string.`, `${at}.${key}`);
}

function checkItem(item: unknown, index: number): void {
  const at = `input[${index}]`;
  if (!isRecord(item)) reject(`${at} must be an object.`, at);
  // A message may leave out `type` (the "easy input message" form: { role, content }).
  const type = item['type'] ?? (item['role'] !== undefined ? 'message' : undefined);
  if (typeof type !== 'string') reject(`${at}.type is required.`, `${at}.type`);
  switch (type) {
    case 'message':
      if (typeof item['role'] !== 'string' || !roles.has(item['role'])) reject(`${at}.role must be one of user, assistant, system, developer.`, `${at}.role`);
      return checkContent(item['content'], `${at}.content`);
    case 'function_call':
      checkString(item, 'call_id', at);
      checkString(item, 'name', at);
      if (item['arguments'] !== undefined) checkString(item, 'arguments', at);
      return;
    case 'custom_tool_call':
      checkString(item, 'call_id', at);
      checkString(item, 'name', at);
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      checkString(item, 'call_id', at);
      if (typeof item['output'] !== 'string') checkContent(item['output'], `${at}.output`);
      return;
    case 'item_reference':
      reject(`${at} is an item_reference: the proxy keeps no stored items; send the item itself (the full history).`, at);
    // Reasoning, compaction and item types this proxy does not know yet: the translator decides.
    default:
      return;
  }
}

function checkTool(tool: unknown, index: number): void {
  const at = `tools[${index}]`;
  if (!isRecord(tool) || typeof tool['type'] !== 'string') reject(`${at} must be an object with a type.`, at);
  if (tool['type'] === 'function' || tool['type'] === 'custom') checkString(tool, 'name', at);
  if (tool['type'] === 'namespace') {
    checkString(tool, 'name', at);
    if (!Array.isArray(tool['tools'])) reject(`${at}.tools must be an array.`, `${at}.tools`);
    tool['tools'].forEach((inner: unknown, innerIndex) => {
      if (!isRecord(inner) || typeof inner['name'] !== 'string') reject(`${at}.tools[${innerIndex}].name must be a string.`, `${at}.tools[${innerIndex}].name`);
    });
  }
}

/** Checks `body` as a Responses request; throws RequestValidationError (a 400) naming the param. */
export function validateResponsesRequest(body: unknown): ResponsesRequest {
  if (!isRecord(body)) reject('The request body must be a JSON object.', 'body');
  if (typeof body['model'] !== 'string' || body['model'].trim() === '') reject('model is required.', 'model');
  const input = body['input'];
  if (typeof input !== 'string') {
    if (!Array.isArray(input)) reject('input must be a string or an array of input items.', 'input');
    input.forEach(checkItem);
  }
  if (typeof body['previous_response_id'] === 'string' && body['previous_response_id'] !== '') {
    reject('previous_response_id is not supported: this proxy keeps no responses. Send the full conversation in input (Codex does) and leave previous_response_id out.', 'previous_response_id');
  }
  if (body['store'] === true) {
    reject('store: true is not supported: this proxy keeps no responses. Send store: false (or leave it out) with the full conversation in input.', 'store');
  }
  if (body['tools'] !== undefined && body['tools'] !== null) {
    if (!Array.isArray(body['tools'])) reject('tools must be an array.', 'tools');
    body['tools'].forEach(checkTool);
  }
  if (body['instructions'] !== undefined && body['instructions'] !== null && typeof body['instructions'] !== 'string') reject('instructions must be a string.', 'instructions');
  const maxOutput = body['max_output_tokens'];
  if (maxOutput !== undefined && maxOutput !== null && (typeof maxOutput !== 'number' || !Number.isInteger(maxOutput) || maxOutput < 1)) {
    reject('max_output_tokens must be a positive integer.', 'max_output_tokens');
  }
  return body as unknown as ResponsesRequest;
}
