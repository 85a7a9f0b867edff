/**
 * Responses tools -> Anthropic tools, and the names to map the answer back.
 * - `function`: as it is (`parameters` -> `input_schema`).
 * - `namespace` (Codex's `multi_agent_v1`): each inner function as `<namespace>__<name>`; the
 *   answer's call is given back as `name` + `namespace`.
 * - `custom` (Codex's freeform `apply_patch`): a tool taking one string `input`, its format
 *   (a grammar, if any) told in the description; the answer's call becomes a `custom_tool_call`.
 * - `web_search`: Anthropic's web search server tool, which the gateway serves where a backend
 *   can search; `external_web_access: false` asks for no live search: dropped with a warning.
 * - `tool_search` run by the client (Codex's: it searches the tools it deferred and answers with a
 *   `tool_search_output` of their definitions): a tool `tool_search` with the client's schema; its
 *   calls come back as `tool_search_call` items. The tools a search loaded (`loaded`, read from
 *   the history's outputs) are declared with `defer_loading: true` and loaded by the
 *   `tool_reference` blocks their output becomes — Anthropic's own client-side tool search, which
 *   the Chat step turns into "send once loaded" (select-deferred-tools). A search run by the
 *   server (OpenAI's hosted one) has no counterpart: dropped with a warning.
 * - anything else: dropped with a warning.
 */
import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicTool, AnthropicToolChoice } from '../../protocols/anthropic/types.js';
import type { ResponsesCustomTool, ResponsesFunctionTool, ResponsesTool, ResponsesToolChoice, ResponsesToolSearchTool } from '../../protocols/openai-responses/types.js';
import type { TranslationWarning } from '../types.js';

const namespaceSeparator = '__';

/** How a backend tool name maps back to the client's tool. */
export type ClientToolRef = { kind: 'function'; name: string; namespace?: string } | { kind: 'custom'; name: string } | { kind: 'tool_search'; name: string };

/** The name Codex's client-executed tool search goes by (Responses gives the tool no name of its own). */
export const TOOL_SEARCH_NAME = 'tool_search';

/** A tool from a `tool_search_output` in the history, and where it was. */
export interface LoadedTool {
  tool: ResponsesTool;
  field: string;
}

export interface ResponsesToolMap {
  /** Backend (Anthropic) tool name -> the client's tool. Names not in it are plain functions. */
  toClient: ReadonlyMap<string, ClientToolRef>;
  /** `namespace` + name, or a custom tool's name -> the backend name. */
  toBackend(name: string, namespace?: string): string;
}

export function namespacedName(namespace: string, name: string): string {
  return `${namespace}${namespaceSeparator}${name}`;
}

function functionTool(tool: ResponsesFunctionTool, name: string, warnings: TranslationWarning[], field: string): AnthropicTool {
  if (tool.strict === true) warnings.push({ code: 'dropped_field', message: `Tool "${tool.name}": strict schema adherence is not guaranteed by the backend.`, field: `${field}.strict` });
  return {
    name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: tool.parameters ?? { type: 'object', properties: {} },
  };
}

function toolSearchTool(tool: ResponsesToolSearchTool): AnthropicTool {
  return {
    name: TOOL_SEARCH_NAME,
    description: tool.description ?? 'Searches the deferred tools and loads the matching ones for the next call.',
    input_schema: (tool.parameters as Record<string, unknown> | null | undefined) ?? { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  };
}

function customTool(tool: ResponsesCustomTool): AnthropicTool {
  const format = tool.format as { type?: string; syntax?: string; definition?: string } | undefined;
  const grammar = format?.type === 'grammar' && typeof format.definition === 'string'
    ? `\n\nThe input must follow this ${format.syntax ?? ''} grammar:\n${format.definition}`
    : '';
  return {
    name: tool.name,
    description: `${tool.description ?? ''}${grammar}`.trim() || `The freeform tool ${tool.name}.`,
    input_schema: {
      type: 'object',
      properties: { input: { type: 'string', description: `The raw input of ${tool.name}, exactly as the tool takes it.` } },
      required: ['input'],
    },
  };
}

/** The backend names of a Responses tool's callable tools (a namespace has one per function). */
export function backendToolNamesOf(tool: ResponsesTool): string[] {
  if (tool.type === 'function' || tool.type === 'custom') return [(tool as ResponsesFunctionTool | ResponsesCustomTool).name];
  if (tool.type === 'namespace') {
    const group = tool as { name: string; tools?: Array<{ name?: unknown }> };
    return (group.tools ?? []).flatMap((inner) => (typeof inner.name === 'string' ? [namespacedName(group.name, inner.name)] : []));
  }
  return [];
}

export function convertResponsesTools(
  tools: readonly ResponsesTool[] | undefined,
  warnings: TranslationWarning[],
  loaded: readonly LoadedTool[] = [],
): { tools: AnthropicTool[]; toolMap: ResponsesToolMap } {
  const converted: AnthropicTool[] = [];
  const toClient = new Map<string, ClientToolRef>();
  const add = (tool: ResponsesTool, field: string): void => {
    switch (tool.type) {
      case 'function':
        converted.push(functionTool(tool as ResponsesFunctionTool, (tool as ResponsesFunctionTool).name, warnings, field));
        return;
      case 'namespace': {
        const group = tool as { name: string; tools: ResponsesFunctionTool[] };
        group.tools.forEach((inner, innerIndex) => {
          const name = namespacedName(group.name, inner.name);
          toClient.set(name, { kind: 'function', name: inner.name, namespace: group.name });
          converted.push(functionTool(inner, name, warnings, `${field}.tools[${innerIndex}]`));
        });
        return;
      }
      case 'custom':
        toClient.set((tool as ResponsesCustomTool).name, { kind: 'custom', name: (tool as ResponsesCustomTool).name });
        converted.push(customTool(tool as ResponsesCustomTool));
        return;
      case 'tool_search':
        if ((tool as ResponsesToolSearchTool).execution !== 'client') {
          warnings.push({ code: 'dropped_tool', message: 'tool_search run by the server (OpenAI\'s hosted tool search) has no equivalent on this backend; left out.', field });
          return;
        }
        toClient.set(TOOL_SEARCH_NAME, { kind: 'tool_search', name: TOOL_SEARCH_NAME });
        converted.push(toolSearchTool(tool as ResponsesToolSearchTool));
        return;
      case 'web_search':
      case 'web_search_preview': {
        if ((tool as { external_web_access?: unknown }).external_web_access === false) {
          warnings.push({ code: 'dropped_tool', message: 'web_search with external_web_access: false (no live search) is left out.', field });
          return;
        }
        const domains = (tool as { filters?: { allowed_domains?: unknown } }).filters?.allowed_domains;
        converted.push({ type: 'web_search_20250305', name: 'web_search', ...(Array.isArray(domains) ? { allowed_domains: domains } : {}) });
        return;
      }
      default:
        warnings.push({ code: 'dropped_tool', message: `The tool type ${tool.type} has no equivalent on this backend; left out.`, field });
    }
  };
  (tools ?? []).forEach((tool, index) => add(tool, `tools[${index}]`));
  addLoadedTools(converted, loaded, add);
  return {
    tools: converted,
    toolMap: {
      toClient,
      toBackend: (name, namespace) => (namespace ? namespacedName(namespace, name) : name),
    },
  };
}

/** Tools a client-side search loaded, declared deferred after the others (a name declared already stays as it is). */
function addLoadedTools(converted: AnthropicTool[], loaded: readonly LoadedTool[], add: (tool: ResponsesTool, field: string) => void): void {
  const declared = new Set(converted.map((tool) => tool.name));
  for (const { tool, field } of loaded) {
    const from = converted.length;
    add(tool, field);
    const added = converted.splice(from);
    for (const definition of added) {
      if (declared.has(definition.name) || typeof definition.type === 'string') continue;
      declared.add(definition.name);
      converted.push({ ...definition, defer_loading: true });
    }
  }
}

/** tool_choice and parallel_tool_calls -> Anthropic's tool_choice (undefined = Anthropic's default). */
export function convertResponsesToolChoice(
  choice: ResponsesToolChoice | undefined,
  parallelToolCalls: boolean | null | undefined,
  toolMap: ResponsesToolMap,
  hasTools: boolean,
): AnthropicToolChoice | undefined {
  const parallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (!hasTools) return undefined;
  if (choice === undefined || choice === 'auto') return parallelToolCalls === false ? { type: 'auto', ...parallel } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...parallel };
  if (typeof choice === 'object' && (choice.type === 'function' || choice.type === 'custom') && typeof choice['name'] === 'string') {
    const namespace = (choice as Record<string, unknown>)['namespace'];
    if (namespace !== undefined && typeof namespace !== 'string') throw new TranslationError('tool_choice.namespace must be a string.', { param: 'tool_choice' });
    return { type: 'tool', name: toolMap.toBackend(choice['name'], namespace), ...parallel };
  }
  if (typeof choice === 'object' && choice.type === 'allowed_tools') {
    // A subset the model may choose from: all tools stay declared; `required` mode forces one.
    return choice['mode'] === 'required' ? { type: 'any', ...parallel } : parallelToolCalls === false ? { type: 'auto', ...parallel } : undefined;
  }
  throw new TranslationError(`tool_choice ${JSON.stringify(choice)} is not supported on this backend.`, { param: 'tool_choice' });
}
