/**
 * One test stack for the real Claude Code CLI: a scripted mock OpenAI backend, the proxy in front
 * of it, and helpers to script and inspect what Claude Code's requests turned into.
 */
import { parseConfig, type EnvRecord } from '../../src/config/parse-config.js';
import { createLogger } from '../../src/log/logger.js';
import type { ModelCapabilities } from '../../src/models/model-capabilities.js';
import { secretsOf, startServer } from '../../src/runtime/node/start-server.js';
import {
  chatCompletion,
  chatStream,
  startMockOpenAIBackend,
  type MockOpenAIBackend,
  type MockReply,
  type MockScript,
  type ReceivedRequest,
} from './mock-openai-backend.js';
import { runClaudeCli, type ClaudeRun, type ClaudeRunOptions } from './run-claude-cli.js';
import type { TestProxy } from './start-test-proxy.js';

export interface ClaudeStackOptions {
  /** Proxy environment on top of OPEN_AI_URL (the mock) and API_KEY. */
  env?: EnvRecord;
  /**
   * Capabilities forced on every backend model, for providers recognized by their public base URL
   * (OpenRouter's `reasoning_details`), which a 127.0.0.1 mock cannot have.
   */
  capabilityOverrides?: Partial<ModelCapabilities>;
  /** Point the proxy here instead of at the mock (a closed port). */
  backendUrl?: string;
}

export interface ClaudeStack {
  backend: MockOpenAIBackend;
  proxy: TestProxy;
  /** Runs `claude -p` against this stack's proxy. */
  claude(options: Omit<ClaudeRunOptions, 'baseUrl'>): Promise<ClaudeRun>;
  close(): Promise<void>;
}

export const backendKey = 'sk-mock-backend-key-0123456789';

export async function startClaudeStack(script: MockScript, options: ClaudeStackOptions = {}): Promise<ClaudeStack> {
  const backend = await startMockOpenAIBackend(script);
  const env = { LOG_LEVEL: 'debug', OPEN_AI_URL: options.backendUrl ?? backend.url, API_KEY: backendKey, ...options.env };
  const config = parseConfig(env, { port: 0, host: '127.0.0.1' });
  config.capabilityOverrides = { ...config.capabilityOverrides, ...options.capabilityOverrides };
  const logs: string[] = [];
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), write: (line) => logs.push(line) });
  const proxy = Object.assign(await startServer(config, { logger }), { logs });
  return {
    backend,
    proxy,
    claude: (run) => runClaudeCli({ baseUrl: proxy.url, ...run }),
    close: async () => {
      await proxy.close(100);
      await backend.close();
    },
  };
}

/** Runs the body, then closes the stack whatever happened. */
export async function withStack<T>(stack: ClaudeStack, body: (stack: ClaudeStack) => Promise<T>): Promise<T> {
  try {
    return await body(stack);
  } finally {
    await stack.close();
  }
}

export type OpenAIMessage = Record<string, unknown> & { role: string };

export function messagesOf(request: ReceivedRequest): OpenAIMessage[] {
  return (request.body.messages as OpenAIMessage[] | undefined) ?? [];
}

/** Claude Code's agent-loop requests carry its tools; side calls (titles) send `tools: []`. */
export function isMainLoop(request: ReceivedRequest): boolean {
  return Array.isArray(request.body.tools) && request.body.tools.length > 0;
}

/** True once the conversation holds a tool result: the model must now answer. */
export function hasToolResult(request: ReceivedRequest): boolean {
  return messagesOf(request).some((message) => message.role === 'tool');
}

/**
 * Answers a request the way it asked: an SSE stream of these deltas for `stream: true`, the same
 * message as one JSON completion otherwise (so a non-streaming fallback still gets an answer, and
 * the test can see that it happened).
 */
export function answer(request: ReceivedRequest, deltas: Array<Record<string, unknown>>, finishReason = 'stop'): MockReply {
  if (request.body.stream === true) return { kind: 'sse', chunks: chatStream(deltas, finishReason) };
  return { kind: 'json', body: chatCompletion(foldDeltas(deltas), finishReason) };
}

/** The message a list of stream deltas adds up to. */
function foldDeltas(deltas: Array<Record<string, unknown>>): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  const calls: Array<{ id?: string; type: string; function: { name: string; arguments: string } }> = [];
  for (const delta of deltas) {
    for (const field of ['content', 'reasoning_content'] as const) {
      if (typeof delta[field] === 'string') message[field] = String(message[field] ?? '') + delta[field];
    }
    for (const fragment of (delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []) {
      const index = fragment.index as number;
      const fn = (fragment.function ?? {}) as { name?: string; arguments?: string };
      const call = (calls[index] ??= { type: 'function', function: { name: '', arguments: '' } });
      if (typeof fragment.id === 'string') call.id = fragment.id;
      if (fn.name) call.function.name = fn.name;
      call.function.arguments += fn.arguments ?? '';
    }
  }
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

/** A tool call streamed the usual OpenAI way: id and name first, then the arguments in two pieces. */
export function toolCallDeltas(
  id: string,
  name: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Array<Record<string, unknown>> {
  const args = JSON.stringify(input);
  const cut = Math.floor(args.length / 2);
  return [
    { tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' }, ...extra }] },
    { tool_calls: [{ index: 0, function: { arguments: args.slice(0, cut) } }] },
    { tool_calls: [{ index: 0, function: { arguments: args.slice(cut) } }] },
  ];
}

/** A Bash tool call (see toolCallDeltas). */
export function bashCallDeltas(id: string, command: string, extra: Record<string, unknown> = {}): Array<Record<string, unknown>> {
  return toolCallDeltas(id, 'Bash', { command, description: 'Print a marker' }, extra);
}
