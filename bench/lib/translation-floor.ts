/**
 * The translation floor's work, shared by the bare translator (bench/lib/bare-translator.ts, on
 * node:http and undici) and bench/handler-cpu.ts (in memory): what no translating proxy can skip,
 * done by the proxy's own pure code. The request body parsed, validated, translated and
 * serialized; the answer read, parsed, translated and serialized (a stream: decoded by the SSE
 * decoder, translated chunk by chunk, encoded). No routing, no request scope, no log line, no
 * metrics, no retries, no error handling. What the proxy costs above this is its gateway.
 */
import type { ResponseSink } from '../../src/http/proxy-request.js';
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
import { MOCK_ANTHROPIC_MODEL, MOCK_OPENAI_MODEL } from './mock-payloads.js';

/** One backend call of the floor: POST `path` with `body`; the answer's body as chunks. */
export type FloorPost = (path: string, body: string, headers: Record<string, string>) => Promise<{ body: FloorBody }>;

export interface FloorBody {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** The floor's handler of one client API path (the body as text, the answer into `res`); undefined for other paths. */
export type FloorHandler = (text: string, res: ResponseSink) => Promise<void>;

export function translationFloor(backendOrigin: string, post: FloorPost): (path: string) => FloorHandler | undefined {
  const openAICapabilities = Object.freeze(resolveModelCapabilities(MOCK_OPENAI_MODEL, `${backendOrigin}/v1`, {}));
  const claudeCapabilities = Object.freeze(resolveClaudeModelCapabilities(MOCK_ANTHROPIC_MODEL, {}));
  let counter = 0;
  const newId = (prefix: string) => `${prefix}bench${(++counter).toString(36)}`;
  const now = () => Math.floor(Date.now() / 1000);
  const contextFor = (requestedModel: string, backendModel: string, kind: 'openai' | 'anthropic'): TranslationContext => {
    const backendUrl = kind === 'openai' ? `${backendOrigin}/v1` : backendOrigin;
    const capabilities = kind === 'openai' ? openAICapabilities : claudeCapabilities;
    return { requestedModel, backendModel, backendId: `${kind}:${backendUrl}`, backendUrl, capabilities, newId, now };
  };
  function writeJson(res: ResponseSink, value: unknown): void {
    const text = JSON.stringify(value);
    res.start(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** A whole JSON answer, by listeners (as the proxy reads one). */
  function readJson(body: FloorBody): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const chunks: Uint8Array[] = [];
      body.on('data', (chunk) => chunks.push(chunk));
      body.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString()));
        } catch (error) {
          reject(error);
        }
      });
      body.on('error', reject);
    });
  }

  /** The upstream stream through `onData` (one `data:` payload -> frames), written as it comes. */
  function relay(body: FloorBody, res: ResponseSink, onData: (data: string) => string, onEnd: () => string): Promise<void> {
    res.start(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let frames = '';
    const decoder = new SseDecoder({ onEvent: ({ data }) => { frames += onData(data); } });
    return new Promise((resolve, reject) => {
      body.on('data', (chunk) => {
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

  const openAIHeaders = { authorization: 'Bearer bench-openai-key' };
  const anthropicHeaders = { 'x-api-key': 'bench-anthropic-key', 'anthropic-version': '2023-06-01' };

  async function anthropicIn(text: string, res: ResponseSink): Promise<void> {
    const request = validateAnthropicMessagesRequest(JSON.parse(text));
    const context = contextFor(request.model, MOCK_OPENAI_MODEL, 'openai');
    const translated = convertAnthropicRequestToOpenAI(request, context);
    const upstream = await post('/v1/chat/completions', JSON.stringify(translated.value), openAIHeaders);
    const options = { toolNames: translated.toolNames.toClient };
    if (request.stream !== true) {
      const completion = (await readJson(upstream.body)) as OpenAIChatCompletion;
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

  async function openAIIn(text: string, res: ResponseSink): Promise<void> {
    const request = validateOpenAIChatRequest(JSON.parse(text));
    const context = contextFor(request.model, MOCK_ANTHROPIC_MODEL, 'anthropic');
    const translated = convertOpenAIRequestToAnthropic(request, context);
    const upstream = await post('/v1/messages', JSON.stringify(translated.value), anthropicHeaders);
    const toolNames = translated.toolNames.toClient;
    if (request.stream !== true) {
      const message = (await readJson(upstream.body)) as AnthropicMessage;
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

  async function responsesIn(text: string, res: ResponseSink): Promise<void> {
    const request = validateResponsesRequest(JSON.parse(text));
    const context = contextFor(request.model, MOCK_OPENAI_MODEL, 'openai');
    const first = convertResponsesRequestToAnthropic(request, context, 'intermediate').value;
    const translated = convertAnthropicRequestToOpenAI(validateAnthropicMessagesRequest(first.request), context);
    const upstream = await post('/v1/chat/completions', JSON.stringify(translated.value), openAIHeaders);
    const options = { toolNames: translated.toolNames.toClient, backendLabel: 'bench' };
    const echo = echoOfResponsesRequest(request);
    if (request.stream !== true) {
      const completion = (await readJson(upstream.body)) as OpenAIChatCompletion;
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

  const byPath: Record<string, (text: string, res: ResponseSink) => Promise<void>> = {
    '/v1/messages': anthropicIn,
    '/v1/chat/completions': openAIIn,
    '/v1/responses': responsesIn,
  };
  return (path) => byPath[path];
}
