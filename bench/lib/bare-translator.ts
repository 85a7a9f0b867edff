/**
 * Child process: the bare translator, the floor of a translating proxy in Node. It is the bare
 * forwarder (node:http in, undici `request` on a keep-alive Pool out) plus the work no
 * translating proxy can skip, done by the proxy's own pure code (bench/lib/translation-floor.ts).
 * No routing, no request scope, no log line, no metrics, no retries, no error handling beyond a
 * 502: what the proxy costs above this is its gateway, what this costs above the forwarder is
 * the translation itself. test/bench/bare-translator.test.ts holds its answers to the proxy's bytes.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { nodeResponseSink } from '../../src/runtime/node/node-http-exchange.js';
import { announceReady, onDriverMessage } from './child-ipc.js';
import { translationFloor } from './translation-floor.js';

const target = process.env.BENCH_TARGET;
if (!target) throw new Error('BENCH_TARGET (the mock backend origin) is required');
const pool = new Pool(target, { connections: 2048, pipelining: 1, keepAliveTimeout: 30_000 });
const floorFor = translationFloor(target, (path, body, headers) =>
  pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const serve = floorFor(req.url ?? '');
  if (serve === undefined) {
    res.writeHead(404).end();
    return;
  }
  readBody(req).then((text) => serve(text, nodeResponseSink(res))).catch((error: unknown) => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  });
});

onDriverMessage((message) => (message.type === 'rss' ? { rss: process.memoryUsage.rss() } : undefined));
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
