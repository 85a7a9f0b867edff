/**
 * Child process for bench/cost-layers.ts: one layer of the proxy's cost at a time, chosen by
 * BENCH_LAYER, each answering the bench's Anthropic-client request on 127.0.0.1:
 *   http-only     node:http, the body read, a fixed JSON answer written (what any Node server pays)
 *   http-json     the same, plus JSON.parse of the request and of an answer and JSON.stringify of it
 *                 (the JSON work a translating proxy cannot skip, about half of it)
 *   proxy-memory  the proxy's real handler, with its backend answering from memory (no undici call)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from '../../src/app/create-request-handler.js';
import { parseConfig, secretsOf } from '../../src/config/parse-config.js';
import { createProxyRuntime } from '../../src/http/proxy-runtime.js';
import { createLogger } from '../../src/log/logger.js';
import { nodeProxyRequest, nodeResponseSink } from '../../src/runtime/node/node-http-exchange.js';
import { announceReady, onDriverMessage } from './child-ipc.js';
import { memoryUpstream } from './memory-upstream.js';
import { anthropicMessage } from './mock-payloads.js';

const layer = process.env.BENCH_LAYER ?? 'http-only';
const answerText = anthropicMessage.toString();

function serveHttp(json: boolean) {
  return createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: string | Buffer = anthropicMessage;
      if (json) {
        const request = JSON.parse(Buffer.concat(chunks).toString()) as { model?: string };
        body = JSON.stringify({ ...(JSON.parse(answerText) as object), model: request.model });
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
}

function serveProxy() {
  const config = parseConfig(process.env, { port: 0, host: '127.0.0.1' });
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), format: config.logFormat });
  const handle = createRequestHandler(createProxyRuntime(config, logger, memoryUpstream(100)));
  return createServer({ keepAliveTimeout: 65_000, requestTimeout: 120_000 }, (req, res) => handle(nodeProxyRequest(req), nodeResponseSink(res)));
}

const server = layer === 'proxy-memory' ? serveProxy() : serveHttp(layer === 'http-json');
onDriverMessage((message) => (message.type === 'rss' ? { rss: process.memoryUsage.rss() } : undefined));
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
