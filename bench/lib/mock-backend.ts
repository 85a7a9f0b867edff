/**
 * Child process: the fast mock backend. Serves precomputed answers on 127.0.0.1:
 *   POST .../chat/completions  OpenAI chat completion, or a chunk stream when `"stream":true`
 *   POST .../v1/messages       Anthropic message, or an event stream when `"stream":true`
 * A stream is `head`, `chunks` text chunks `paceMs` apart (0 = back to back), then `tail`.
 * The driver sets `chunks` / `paceMs` over IPC (`{ type: 'scenario' }`) between phases, so
 * neither the proxy's routing nor the request body has to carry them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady, onDriverMessage } from './child-ipc.js';
import { anthropicMessage, anthropicStream, openAICompletion, openAIStream, type StreamPayload } from './mock-payloads.js';

const scenario = { chunks: 20, paceMs: 0 };
const streamMarker = Buffer.from('"stream":true');
const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const tails = new Map<string, Buffer>();

function tailOf(kind: string, payload: StreamPayload, chunks: number): Buffer {
  const key = `${kind}:${chunks}`;
  let tail = tails.get(key);
  if (!tail) {
    tail = payload.tail(chunks);
    tails.set(key, tail);
  }
  return tail;
}

function sendJson(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { ...jsonHeaders, 'content-length': body.length });
  res.end(body);
}

function sendStream(res: ServerResponse, kind: string, payload: StreamPayload): void {
  const { chunks, paceMs } = scenario;
  const tail = tailOf(kind, payload, chunks);
  res.writeHead(200, sseHeaders);
  res.write(payload.head);
  if (paceMs <= 0) {
    for (let i = 0; i < chunks; i++) res.write(payload.text);
    res.end(tail);
    return;
  }
  let sent = 0;
  const tick = () => {
    if (res.destroyed) return;
    if (sent === chunks) {
      res.end(tail);
      return;
    }
    sent++;
    res.write(payload.text);
    setTimeout(tick, paceMs);
  };
  setTimeout(tick, paceMs);
}

function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = req.url ?? '/';
  const stream = body.indexOf(streamMarker) >= 0;
  if (url.endsWith('/chat/completions')) {
    if (stream) sendStream(res, 'openai', openAIStream);
    else sendJson(res, openAICompletion);
  } else if (url.endsWith('/v1/messages')) {
    if (stream) sendStream(res, 'anthropic', anthropicStream);
    else sendJson(res, anthropicMessage);
  } else {
    res.writeHead(404, jsonHeaders);
    res.end('{"error":{"message":"not found"}}');
  }
}

const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => answer(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
});
let connections = 0;
server.on('connection', () => { connections++; });

onDriverMessage((message) => {
  if (message.type === 'scenario') {
    scenario.chunks = Number(message.chunks);
    scenario.paceMs = Number(message.paceMs);
    return { ...scenario };
  }
  if (message.type === 'rss') return { rss: process.memoryUsage.rss() };
  // Connections opened to the mock so far: a proxy that reuses its keep-alive pool opens few.
  if (message.type === 'stats') return { connections };
  return undefined;
});

server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
