/**
 * Child process: the bare translator, the floor of a translating proxy in Node. It is the bare
 * forwarder (node:http in, undici `request` on a keep-alive Pool out) plus the work no
 * translating proxy can skip, done by the proxy's own pure code: the request body read and
 * parsed, validated, translated and serialized; the answer read, parsed, translated and
 * serialized (a stream: decoded by the SSE decoder, translated chunk by chunk, encoded). No
 * routing, no request scope, no log line, no metrics, no retries, no error handling beyond a
 * 502: what the proxy costs above this is its gateway, what this costs above the forwarder is
 * the translation itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { chatToResponsesSource } from '../../src/exchange/openai-responses-on-openai-chat/chat-to-responses-source.js';
import { encodeResponsesEvents } from '../../src/exchange/openai-responses-on-anthropic/relay-responses-stream.js';
import { resolveClaudeModelCapabilities } from '../../src/models/claude-model-capabilities.js';
import { resolveModelCapabilities } from '../../src/models/resolve-model-capabilities.js';
import { encodeAnthropicEvent } from '../../src/protocols/anthropic/encode-event.js';
import type { AnthropicMessage, AnthropicStreamEvent } from '../../src/protocols/anthropic/types.js';
import { validateAnthropicMessagesRequest } from '../../src/protocols/anthropic/validate-request.js';
import { OpenAIChunkFrameEncoder } from '../../src/protocols/openai/encode-chunk-frames.js';
import type { OpenAIChatCompletion } from '../../src/protocols/openai/types.js';
import { validateOpenAIChatRequest } from '../../src/protocols/openai/validate-request.js';
import { validateResponsesRequest } from '../../src/protocols/openai-responses/validate-request.js';
import { SseDecoder } from '../../src/sse/sse-decoder.js';
import { convertAnthropicRequestToOpenAI } from '../../src/translate/anthropic-on-openai-chat/convert-request.js';
import { convertOpenAIResponseToAnthropic } from '../../src/translate/anthropic-on-openai-chat/convert-response.js';
import { createOpenAIToAnthropicStreamTranslator } from '../../src/translate/anthropic-on-openai-chat/stream-translator.js';
import { finishOpenAIStream, translateOpenAIStreamData } from '../../src/translate/anthropic-on-openai-chat/translate-stream-data.js';
import { convertOpenAIRequestToAnthropic } from '../../src/translate/openai-chat-on-anthropic/convert-request.js';
import { convertAnthropicResponseToOpenAI } from '../../src/translate/openai-chat-on-anthropic/convert-response.js';
import { createAnthropicToOpenAIStreamTranslator } from '../../src/translate/openai-chat-on-anthropic/stream-translator.js';
import { isAnthropicStreamOver, translateAnthropicStreamData } from '../../src/translate/openai-chat-on-anthropic/translate-stream-data.js';
import { convertResponsesRequestToAnthropic } from '../../src/translate/openai-responses-on-anthropic/convert-request.js';
import { convertAnthropicMessageToResponse } from '../../src/translate/openai-responses-on-anthropic/convert-response.js';
import { echoOfResponsesRequest } from '../../src/translate/openai-responses-on-anthropic/echo-request.js';
import { createAnthropicToResponsesStreamTranslator } from '../../src/translate/openai-responses-on-anthropic/stream-translator.js';
import type { TranslationContext } from '../../src/translate/types.js';
import { announceReady, onDriverMessage } from './child-ipc.js';
import { MOCK_ANTHROPIC_MODEL, MOCK_OPENAI_MODEL } from './mock-payloads.js';

const target = process.env.BENCH_TARGET;
if (!target) throw new Error('BENCH_TARGET (the mock backend origin) is required');
const pool = new Pool(target, { connections: 2048, pipelining: 1, keepAliveTimeout: 30_000 });

const openAICapabilities = Object.freeze(resolveModelCapabilities(MOCK_OPENAI_MODEL, `${target}/v1`, {}));
const claudeCapabilities = Object.freeze(resolveClaudeModelCapabilities(MOCK_ANTHROPIC_MODEL, {}));
let counter = 0;
const newId = (prefix: string) => `${prefix}bench${(++counter).toString(36)}`;
const now = () => Math.floor(Date.now() / 1000);

function contextFor(requestedModel: string, backendModel: string, kind: 'openai' | 'anthropic'): TranslationContext {
  const backendUrl = kind === 'openai' ? `${target}/v1` : target!;
  const capabilities = kind === 'openai' ? openAICapabilities : claudeCapabilities;
  return { requestedModel, backendModel, backendId: `${kind}:${backendUrl}`, backendUrl, capabilities, newId, now };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function writeJson(res: ServerResponse, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The upstream stream through `onData` (one `data:` payload -> frames), written as it comes. */
function relay(body: NodeJS.ReadableStream, res: ServerResponse, onData: (data: string) => string, onEnd: () => string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let frames = '';
  const decoder = new SseDecoder({ onEvent: ({ data }) => { frames += onData(data); } });
  return new Promise((resolve, reject) => {
    body.on('data', (chunk: Buffer) => {
      decoder.push(chunk);
      if (frames !== '') res.write(frames);
      frames = '';
    });
    body.on('end', () => {
      decoder.end();
      res.end(frames + onEnd());
      resolve();
    });
    body.on('error', reject);
  });
}

function post(path: string, body: string, headers: Record<string, string>) {
  return pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

const openAIHeaders = { authorization: 'Bearer bench-openai-key' };
const anthropicHeaders = { 'x-api-key': 'bench-anthropic-key', 'anthropic-version': '2023-06-01' };

async function anthropicIn(text: string, res: ServerResponse): Promise<void> {
  const request = validateAnthropicMessagesRequest(JSON.parse(text));
  const context = contextFor(request.model, MOCK_OPENAI_MODEL, 'openai');
  const translated = convertAnthropicRequestToOpenAI(request, context);
  const upstream = await post('/v1/chat/completions', JSON.stringify(translated.value), openAIHeaders);
  const options = { toolNames: translated.toolNames.toClient };
  if (request.stream !== true) {
    const completion = (await upstream.body.json()) as OpenAIChatCompletion;
    writeJson(res, convertOpenAIResponseToAnthropic(completion, context, options).value);
    return;
  }
  const translator = createOpenAIToAnthropicStreamTranslator(context, options);
  const encode = (events: AnthropicStreamEvent[]) => {
    let frames = '';
    for (const event of events) frames += encodeAnthropicEvent(event);
    return frames;
  };
  await relay(upstream.body, res, (data) => encode(translateOpenAIStreamData(translator, data, 'bench')), () => (translator.isDone ? '' : encode(finishOpenAIStream(translator))));
}

async function openAIIn(text: string, res: ServerResponse): Promise<void> {
  const request = validateOpenAIChatRequest(JSON.parse(text));
  const context = contextFor(request.model, MOCK_ANTHROPIC_MODEL, 'anthropic');
  const translated = convertOpenAIRequestToAnthropic(request, context);
  const upstream = await post('/v1/messages', JSON.stringify(translated.value), anthropicHeaders);
  const toolNames = translated.toolNames.toClient;
  if (request.stream !== true) {
    const message = (await upstream.body.json()) as AnthropicMessage;
    writeJson(res, convertAnthropicResponseToOpenAI(message, context, { toolNames }).value);
    return;
  }
  const translator = createAnthropicToOpenAIStreamTranslator(context, { includeUsage: request.stream_options?.include_usage === true, backendLabel: 'bench', toolNames });
  const encoder = new OpenAIChunkFrameEncoder();
  await relay(upstream.body, res, (data) => {
    const frames = encoder.encode(translateAnthropicStreamData(translator, data, 'bench'));
    return isAnthropicStreamOver(translator) ? `${frames}data: [DONE]\n\n` : frames;
  }, () => '');
}

async function responsesIn(text: string, res: ServerResponse): Promise<void> {
  const request = validateResponsesRequest(JSON.parse(text));
  const context = contextFor(request.model, MOCK_OPENAI_MODEL, 'openai');
  const first = convertResponsesRequestToAnthropic(request, context, 'intermediate').value;
  const translated = convertAnthropicRequestToOpenAI(validateAnthropicMessagesRequest(first.request), context);
  const upstream = await post('/v1/chat/completions', JSON.stringify(translated.value), openAIHeaders);
  const options = { toolNames: translated.toolNames.toClient, backendLabel: 'bench' };
  const echo = echoOfResponsesRequest(request);
  if (request.stream !== true) {
    const completion = (await upstream.body.json()) as OpenAIChatCompletion;
    const message = convertOpenAIResponseToAnthropic(completion, context, options).value;
    writeJson(res, convertAnthropicMessageToResponse(message, context, echo, first.toolMap).value);
    return;
  }
  const source = chatToResponsesSource(
    createOpenAIToAnthropicStreamTranslator(context, options),
    createAnthropicToResponsesStreamTranslator(context, echo, first.toolMap, 'bench'),
    'bench',
  );
  await relay(upstream.body, res, (data) => encodeResponsesEvents(source.push(data)), () => (source.isDone ? '' : encodeResponsesEvents(source.finish())));
}

const byPath: Record<string, (text: string, res: ServerResponse) => Promise<void>> = {
  '/v1/messages': anthropicIn,
  '/v1/chat/completions': openAIIn,
  '/v1/responses': responsesIn,
};

const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const serve = byPath[req.url ?? ''];
  if (serve === undefined) {
    res.writeHead(404).end();
    return;
  }
  readBody(req).then((text) => serve(text, res)).catch((error: unknown) => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  });
});

onDriverMessage((message) => (message.type === 'rss' ? { rss: process.memoryUsage.rss() } : undefined));
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
