/**
 * A runtime structural checker for OpenAI Chat Completions requests, stricter than most backends:
 * valid roles and content part types, tool messages directly answering the preceding assistant's
 * tool calls (and every call answered), well-formed tools, no `undefined` values, no
 * `cache_control`, and in Gemini mode only schema keywords Gemini accepts (walked by grammar
 * position, so a property named `$schema` is fine). Returns the problems found; empty = valid.
 */

import { isRecord as isObject } from '../../src/json/is-record.js';

type Json = Record<string, unknown>;

const geminiSchemaKeywords = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties',
  'required', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example',
  'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum',
]);

export interface CheckOptions {
  schemaDialect?: 'openai' | 'gemini';
}

function findForbidden(value: unknown, path: string, problems: string[]): void {
  if (value === undefined) problems.push(`${path} is undefined`);
  if (Array.isArray(value)) value.forEach((item, index) => findForbidden(item, `${path}[${index}]`, problems));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'cache_control') problems.push(`${path}.cache_control is left`);
      findForbidden(inner, `${path}.${key}`, problems);
    }
  }
}

function checkPart(part: unknown, path: string, problems: string[]): void {
  if (!isObject(part)) return void problems.push(`${path} is not an object`);
  if (part.type === 'text' && typeof part.text === 'string') return;
  if (part.type === 'image_url' && isObject(part.image_url) && typeof part.image_url.url === 'string') return;
  if (part.type === 'file' && isObject(part.file) && (typeof part.file.file_data === 'string' || typeof part.file.file_id === 'string')) return;
  problems.push(`${path} is not a valid user content part (${String(part.type)})`);
}

function checkTextContent(content: unknown, path: string, problems: string[], allowNull: boolean): void {
  if (typeof content === 'string' || (allowNull && content === null)) return;
  if (!Array.isArray(content)) return void problems.push(`${path} must be a string or text parts`);
  content.forEach((part, index) => {
    if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') problems.push(`${path}[${index}] is not a text part`);
  });
}

function checkToolCalls(calls: unknown, path: string, problems: string[]): string[] {
  if (calls === undefined) return [];
  if (!Array.isArray(calls) || calls.length === 0) return (problems.push(`${path} must be a non-empty array`), []);
  return calls.flatMap((call, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(call) || typeof call.id !== 'string' || call.type !== 'function' || !isObject(call.function)) {
      problems.push(`${at} is not a function tool call`);
      return [];
    }
    if (typeof call.function.name !== 'string' || typeof call.function.arguments !== 'string') problems.push(`${at}.function needs name and arguments strings`);
    else {
      try { JSON.parse(call.function.arguments); } catch { problems.push(`${at}.function.arguments is not JSON`); }
    }
    return [call.id];
  });
}

/** Walks messages in order, tracking which tool call ids still await their tool message. */
function checkMessages(messages: unknown, problems: string[]): void {
  if (!Array.isArray(messages) || messages.length === 0) return void problems.push('messages must be a non-empty array');
  let pending: string[] = [];
  messages.forEach((message, index) => {
    const path = `messages[${index}]`;
    if (!isObject(message)) return void problems.push(`${path} is not an object`);
    if (message.role !== 'tool' && pending.length > 0) {
      problems.push(`${path} (${String(message.role)}) comes before tool results for ${pending.join(', ')}`);
      pending = [];
    }
    switch (message.role) {
      case 'system':
      case 'developer':
        return checkTextContent(message.content, `${path}.content`, problems, false);
      case 'user':
        if (typeof message.content === 'string') return;
        if (!Array.isArray(message.content) || message.content.length === 0) return void problems.push(`${path}.content is empty or invalid`);
        return message.content.forEach((part, partIndex) => checkPart(part, `${path}.content[${partIndex}]`, problems));
      case 'assistant': {
        checkTextContent(message.content, `${path}.content`, problems, true);
        pending = checkToolCalls(message.tool_calls, `${path}.tool_calls`, problems);
        if ((message.content === null || message.content === undefined) && pending.length === 0) problems.push(`${path} has neither content nor tool calls`);
        return;
      }
      case 'tool': {
        checkTextContent(message.content, `${path}.content`, problems, false);
        const id = message.tool_call_id;
        if (typeof id !== 'string' || !pending.includes(id)) problems.push(`${path} answers ${String(id)}, which the preceding assistant message did not call (or already answered)`);
        pending = pending.filter((pendingId) => pendingId !== id);
        return;
      }
      default:
        problems.push(`${path}.role ${String(message.role)} is not a valid role`);
    }
  });
  if (pending.length > 0) problems.push(`tool calls ${pending.join(', ')} are never answered`);
}

function checkGeminiSchema(schema: unknown, path: string, problems: string[]): void {
  if (!isObject(schema)) return void problems.push(`${path} is not a schema object`);
  for (const [keyword, value] of Object.entries(schema)) {
    if (!geminiSchemaKeywords.has(keyword)) problems.push(`${path}.${keyword} is not accepted by Gemini`);
    if (keyword === 'properties' && isObject(value)) {
      for (const [name, inner] of Object.entries(value)) checkGeminiSchema(inner, `${path}.properties.${name}`, problems);
    }
    if (keyword === 'items') checkGeminiSchema(value, `${path}.items`, problems);
    if (keyword === 'anyOf' && Array.isArray(value)) value.forEach((inner, index) => checkGeminiSchema(inner, `${path}.anyOf[${index}]`, problems));
    if (keyword === 'type' && typeof value !== 'string') problems.push(`${path}.type must be a single type for Gemini`);
    if (keyword === 'enum' && (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))) problems.push(`${path}.enum must hold strings for Gemini`);
  }
  if (schema.format !== undefined && !['enum', 'date-time', 'float', 'double', 'int32', 'int64'].includes(String(schema.format))) {
    problems.push(`${path}.format ${String(schema.format)} is not accepted by Gemini`);
  }
}

function checkTools(request: Json, options: CheckOptions, problems: string[]): void {
  if (request.tools === undefined) {
    if (request.tool_choice !== undefined) problems.push('tool_choice without tools');
    return;
  }
  if (!Array.isArray(request.tools) || request.tools.length === 0) return void problems.push('tools must be a non-empty array when present');
  request.tools.forEach((tool, index) => {
    const path = `tools[${index}]`;
    if (isObject(tool) && tool.type === openRouterWebSearch) return checkOpenRouterWebSearch(tool, path, problems);
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) return void problems.push(`${path} is not a function tool`);
    const fn = tool.function;
    if (typeof fn.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(fn.name)) problems.push(`${path}.function.name is invalid`);
    if (fn.description !== undefined && typeof fn.description !== 'string') problems.push(`${path}.function.description is not a string`);
    if (fn.parameters !== undefined && !isObject(fn.parameters)) problems.push(`${path}.function.parameters is not an object`);
    if (options.schemaDialect === 'gemini' && fn.parameters !== undefined) checkGeminiSchema(fn.parameters, `${path}.function.parameters`, problems);
  });
  const choice = request.tool_choice;
  const forcesServerTool = isObject(choice) && choice.type === openRouterWebSearch && request.tools.some((tool) => isObject(tool) && tool.type === openRouterWebSearch);
  if (choice !== undefined && !['auto', 'none', 'required'].includes(String(choice)) && !(isObject(choice) && choice.type === 'function') && !forcesServerTool) {
    problems.push('tool_choice is invalid');
  }
}

const openRouterWebSearch = 'openrouter:web_search';
const openRouterWebSearchParameters = new Set(['engine', 'max_results', 'max_total_results', 'search_context_size', 'allowed_domains', 'excluded_domains', 'user_location', 'max_characters']);

/** OpenRouter's web search server tool, as https://openrouter.ai/docs/guides/features/server-tools/web-search documents it. */
function checkOpenRouterWebSearch(tool: Json, path: string, problems: string[]): void {
  const extra = Object.keys(tool).filter((key) => key !== 'type' && key !== 'parameters');
  if (extra.length > 0) problems.push(`${path} has unknown keys ${extra.join(', ')}`);
  if (tool.parameters === undefined) return;
  if (!isObject(tool.parameters)) return void problems.push(`${path}.parameters is not an object`);
  const parameters = tool.parameters;
  for (const key of Object.keys(parameters)) if (!openRouterWebSearchParameters.has(key)) problems.push(`${path}.parameters.${key} is not an OpenRouter web search parameter`);
  if (parameters.allowed_domains !== undefined && parameters.excluded_domains !== undefined) problems.push(`${path}: allowed_domains and excluded_domains cannot be combined`);
  for (const key of ['allowed_domains', 'excluded_domains']) {
    const list = parameters[key];
    if (list !== undefined && (!Array.isArray(list) || !list.every((item) => typeof item === 'string'))) problems.push(`${path}.parameters.${key} must be strings`);
  }
}

function checkScalars(request: Json, problems: string[]): void {
  if (typeof request.model !== 'string' || request.model === '') problems.push('model must be a non-empty string');
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const value = request[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) problems.push(`${field} must be a positive integer`);
  }
  if (request.max_tokens !== undefined && request.max_completion_tokens !== undefined) problems.push('both max_tokens and max_completion_tokens');
  if (request.stream_options !== undefined && request.stream !== true) problems.push('stream_options without stream');
  if (request.reasoning_effort !== undefined && !['low', 'medium', 'high'].includes(String(request.reasoning_effort))) problems.push('reasoning_effort is invalid');
}

/** Problems of `request` as an OpenAI Chat Completions request body; empty when valid. */
export function checkOpenAIChatRequest(request: unknown, options: CheckOptions = {}): string[] {
  if (!isObject(request)) return ['request is not an object'];
  const problems: string[] = [];
  findForbidden(request, '$', problems);
  checkScalars(request, problems);
  checkMessages(request.messages, problems);
  checkTools(request, options, problems);
  if (options.schemaDialect === 'gemini' && isObject(request.response_format) && isObject(request.response_format.json_schema)) {
    checkGeminiSchema(request.response_format.json_schema.schema, 'response_format.json_schema.schema', problems);
  }
  return problems;
}
