import type { BackendConfig } from '../config/config-types.js';
import { postOpenAIChatCompletion } from '../upstream/openai-chat/openai-chat-backend.js';
import { readUpstreamText } from '../upstream/upstream-client.js';
import { DOCTOR_INSTANCE_ID, firstLine } from './probe-backend.js';
import { summarizeOpenAIStream, type StreamSummary } from './summarize-openai-stream.js';
import { undiciUpstreamClient } from '../runtime/node/undici-upstream-client.js';

/** One ability: works, does not, works in a weaker form, or could not be tested. */
export interface Check {
  result: 'yes' | 'no' | 'partial' | 'untested';
  detail?: string;
}

/** What one backend model can do, from tiny real requests. */
export interface ModelProbe {
  backend: string;
  model: string;
  streaming: Check;
  toolCalls: Check;
  streamedArguments: Check;
  reasoning: Check;
  images: Check;
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** A 1x1 white PNG. */
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

type Attempt = { ok: true; summary: StreamSummary } | { ok: false; status: number; message: string };

/** Streams a forced tool call, then sends an image; each with the backend's own limits. */
export async function probeModel(backend: BackendConfig, model: string, timeoutMs: number): Promise<ModelProbe> {
  const ask = { role: 'user', content: 'What is the weather in Paris? Use the get_weather tool.' };
  const base = { model, stream: true, stream_options: { include_usage: true }, max_tokens: 400, messages: [ask] };
  let tools: Check | undefined;
  let attempt = await streamOnce(backend, { ...base, tools: [weatherTool], tool_choice: 'required' }, timeoutMs);
  if (!attempt.ok && attempt.status >= 400 && attempt.status < 500) {
    // Some servers reject tool_choice "required" but do tools with "auto"; Claude Code only uses auto.
    attempt = await streamOnce(backend, { ...base, tools: [weatherTool], tool_choice: 'auto' }, timeoutMs);
  }
  if (!attempt.ok && attempt.status >= 400 && attempt.status < 500) {
    tools = { result: 'no', detail: `the backend rejected a request with tools: ${attempt.message}` };
    attempt = await streamOnce(backend, { ...base, messages: [{ role: 'user', content: 'Say OK.' }] }, timeoutMs);
  }
  if (!attempt.ok) {
    // Nothing works (unknown model, wrong URL): blaming tools or images would mislead.
    const failed: Check = { result: 'no', detail: attempt.status ? `HTTP ${attempt.status}: ${attempt.message}` : attempt.message };
    return { backend: backend.name, model, streaming: failed, toolCalls: untested, streamedArguments: untested, reasoning: untested, images: untested };
  }
  const images = await checkImages(backend, model, timeoutMs);
  return { backend: backend.name, model, ...judgeStream(attempt.summary, tools), images };
}

const untested: Check = { result: 'untested' };

function judgeStream(summary: StreamSummary, toolsRejected: Check | undefined): Pick<ModelProbe, 'streaming' | 'toolCalls' | 'streamedArguments' | 'reasoning'> {
  const complete = summary.chunks > 0 && (summary.sawDone || summary.finishReason !== undefined);
  const streaming: Check = summary.error
    ? { result: 'no', detail: summary.error }
    : complete ? { result: 'yes' } : { result: 'no', detail: 'the stream ended without [DONE] or a finish_reason' };
  const reasoning: Check = summary.reasoning ? { result: 'yes' } : { result: 'no', detail: 'no reasoning_content/reasoning/reasoning_details seen' };
  if (toolsRejected) return { streaming, toolCalls: toolsRejected, streamedArguments: untested, reasoning };
  if (summary.toolNames.length === 0) {
    const detail = `the model answered with text instead of calling the tool${summary.text ? `: ${JSON.stringify(summary.text.slice(0, 60))}` : ''}`;
    return { streaming, toolCalls: { result: 'no', detail }, streamedArguments: untested, reasoning };
  }
  return { streaming, toolCalls: { result: 'yes' }, streamedArguments: judgeArguments(summary.argumentFragments), reasoning };
}

function judgeArguments(fragments: readonly string[]): Check {
  const joined = fragments.join('');
  let parses = false;
  try {
    const value: unknown = JSON.parse(joined === '' ? '{}' : joined);
    parses = typeof value === 'object' && value !== null;
  } catch {
    parses = false;
  }
  if (!parses) return { result: 'no', detail: `the arguments do not parse as a JSON object: ${joined.slice(0, 60)}` };
  if (fragments.length > 1) return { result: 'yes', detail: `${fragments.length} fragments` };
  return { result: 'partial', detail: 'arrive in one piece (valid, but Claude Code shows them only at the end)' };
}

async function streamOnce(backend: BackendConfig, body: Record<string, unknown>, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await postOpenAIChatCompletion(backend, JSON.stringify(body), { client: undiciUpstreamClient, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs, instanceId: DOCTOR_INSTANCE_ID });
    if (response.statusCode >= 400) {
      return { ok: false, status: response.statusCode, message: firstLine(await readUpstreamText(response, 1024 * 1024, backend.name)) };
    }
    const type = String(response.headers['content-type'] ?? '');
    if (!type.includes('text/event-stream')) {
      response.body.destroy();
      return { ok: false, status: 0, message: `stream: true was answered with ${type || 'no content type'}, not an event stream` };
    }
    return { ok: true, summary: await summarizeOpenAIStream(response.body) };
  } catch (error) {
    return { ok: false, status: 0, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A 4xx to an image part means no vision; a 2xx means the model took it. */
async function checkImages(backend: BackendConfig, model: string, timeoutMs: number): Promise<Check> {
  const content = [
    { type: 'text', text: 'What colour is this image? One word.' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${tinyPng}` } },
  ];
  try {
    const body = JSON.stringify({ model, max_tokens: 20, messages: [{ role: 'user', content }] });
    const response = await postOpenAIChatCompletion(backend, body, { client: undiciUpstreamClient, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs, instanceId: DOCTOR_INSTANCE_ID });
    const text = await readUpstreamText(response, 1024 * 1024, backend.name);
    if (response.statusCode < 400) return { result: 'yes' };
    const detail = `HTTP ${response.statusCode}: ${firstLine(text)}`;
    return response.statusCode < 500 ? { result: 'no', detail } : { result: 'untested', detail };
  } catch (error) {
    return { result: 'untested', detail: error instanceof Error ? error.message : String(error) };
  }
}
