/**
 * Child process: the bare forwarder, the cheapest extra hop Node can make. node:http in,
 * undici `request` on a keep-alive Pool out, `body.pipe(res)` back: bytes only, no parsing,
 * no translation. Its cost over the direct mock is the floor any proxy in Node pays.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { announceReady, onDriverMessage } from './child-ipc.js';

const target = process.env.BENCH_TARGET;
if (!target) throw new Error('BENCH_TARGET (the mock backend origin) is required');
const pool = new Pool(target, { connections: 2048, pipelining: 1, keepAliveTimeout: 30_000 });

const ignore = () => {};

const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json' };
  const length = req.headers['content-length'];
  if (length !== undefined) headers['content-length'] = length;
  pool.request({ path: req.url ?? '/', method: req.method === 'GET' ? 'GET' : 'POST', headers, body: req }).then(
    (upstream) => {
      const out: Record<string, string> = {};
      const type = upstream.headers['content-type'];
      if (typeof type === 'string') out['content-type'] = type;
      const size = upstream.headers['content-length'];
      if (typeof size === 'string') out['content-length'] = size;
      res.writeHead(upstream.statusCode, out);
      upstream.body.on('error', ignore);
      upstream.body.pipe(res);
      res.on('close', () => { if (!res.writableFinished) upstream.body.destroy(); });
    },
    (error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    },
  );
});

onDriverMessage((message) => (message.type === 'rss' ? { rss: process.memoryUsage.rss() } : undefined));
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
