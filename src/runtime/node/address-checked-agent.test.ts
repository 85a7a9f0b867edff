import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyError } from '../../errors/proxy-error.js';
import { urlRoutedUpstreamClient } from '../../upstream/url-routed-upstream-client.js';
import type { AddressPolicy } from '../../upstream/upstream-client.js';
import { createCheckedLookup } from './address-checked-agent.js';
import { closeUpstreamPool, undiciUpstreamClient } from './undici-upstream-client.js';

/** A 127.0.0.1 server that counts the TCP connections it was offered. */
interface CountingServer {
  server: Server;
  port: number;
  connections: number;
  requests: number;
}

async function countingServer(handle: (res: import('node:http').ServerResponse) => void): Promise<CountingServer> {
  const counting = { connections: 0, requests: 0 } as CountingServer;
  counting.server = createServer((_req, res) => {
    counting.requests++;
    handle(res);
  });
  counting.server.on('connection', () => counting.connections++);
  await new Promise<void>((resolve) => counting.server.listen(0, '127.0.0.1', resolve));
  counting.port = (counting.server.address() as AddressInfo).port;
  return counting;
}

const send = (url: string, addressPolicy?: AddressPolicy) =>
  undiciUpstreamClient.send({ url, method: 'GET', headers: {}, headersTimeoutMs: 2000, bodyTimeoutMs: 2000, label: `url:test (${url})`, addressPolicy });

async function refusalOf(promise: Promise<unknown>): Promise<ProxyError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

let target: CountingServer;
let redirecting: CountingServer;

beforeAll(async () => {
  target = await countingServer((res) => res.end('{"ok":true}'));
  redirecting = await countingServer((res) => {
    res.writeHead(307, { location: `http://127.0.0.1:${target.port}/v1/chat/completions` });
    res.end();
  });
});

afterAll(async () => {
  await closeUpstreamPool();
  for (const { server } of [target, redirecting]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('the public-only address policy on Node', () => {
  it('refuses a literal loopback host before opening any connection, naming the address and the setting', async () => {
    const before = target.connections;
    const error = await refusalOf(send(`http://127.0.0.1:${target.port}/v1/models`, 'public-only'));
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'URL routing refused to connect to 127.0.0.1: a loopback address (this machine). Set urlRouting.allowPrivateAddresses: true in the configuration file (URL_ROUTING_ALLOW_PRIVATE=1 in environment mode) to allow such addresses.',
    );
    expect(target.connections).toBe(before);
  });

  it('refuses a name that resolves to loopback (localhost), after the lookup and before connecting', async () => {
    const before = target.connections;
    const error = await refusalOf(send(`http://localhost:${target.port}/v1/models`, 'public-only'));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/^URL routing refused to connect to localhost, which resolves to (127\.0\.0\.1|::1): a loopback address/);
    expect(target.connections).toBe(before);
  });

  it('refuses literal IPv6 loopback, private and metadata addresses without trying them', async () => {
    for (const host of ['[::1]', '10.0.0.1', '169.254.169.254', '[::ffff:127.0.0.1]', '[fd00:ec2::254]']) {
      const error = await refusalOf(send(`http://${host}:${target.port}/`, 'public-only'));
      expect(error.status, host).toBe(403);
      expect(error.message, host).toMatch(/^URL routing refused to connect to /);
    }
  });

  it('leaves calls without the policy alone (configured backends on loopback keep working)', async () => {
    const response = await send(`http://127.0.0.1:${target.port}/v1/models`);
    expect(response.statusCode).toBe(200);
    let text = '';
    for await (const chunk of response.body) text += Buffer.from(chunk).toString();
    expect(text).toBe('{"ok":true}');
  });

  it('never follows a redirect: undici hands back the 307, and the URL-routed client turns it into an error', async () => {
    const raw = await send(`http://127.0.0.1:${redirecting.port}/v1/chat/completions`, 'any');
    expect(raw.statusCode).toBe(307);
    expect(raw.headers.location).toBe(`http://127.0.0.1:${target.port}/v1/chat/completions`);
    for await (const chunk of raw.body) void chunk;
    const requestsBefore = target.requests;
    const routed = urlRoutedUpstreamClient(undiciUpstreamClient, 'any');
    const url = `http://127.0.0.1:${redirecting.port}/v1/chat/completions`;
    const error = await refusalOf(routed.send({ url, method: 'POST', headers: {}, body: '{}', headersTimeoutMs: 2000, bodyTimeoutMs: 2000, label: 'url:test' }));
    expect(error.status).toBe(502);
    expect(error.message).toBe(`Backend url:test answered 307, a redirect to http://127.0.0.1:${target.port}/v1/chat/completions. URL routing does not follow redirects; put the final URL in the path.`);
    expect(target.requests).toBe(requestsBefore);
  });
});

describe('createCheckedLookup', () => {
  const fakeResolver = (addresses: LookupAddress[]) => (_host: string, _options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => callback(null, addresses);
  const lookupWith = (addresses: LookupAddress[], all: boolean) =>
    new Promise<{ error: unknown; result: unknown; family?: number }>((resolve) => {
      createCheckedLookup(fakeResolver(addresses))('api.example.com', { all }, (error, result, family) => resolve({ error, result, family }));
    });

  it('passes public answers through in the form asked for (one address, or all)', async () => {
    const addresses = [{ address: '203.0.114.1', family: 4 }, { address: '2606:4700::1111', family: 6 }];
    expect(await lookupWith(addresses, false)).toEqual({ error: null, result: '203.0.114.1', family: 4 });
    expect(await lookupWith(addresses, true)).toEqual({ error: null, result: addresses, family: undefined });
  });

  it('refuses when any one of the addresses is not public, whichever comes first', async () => {
    const { error } = await lookupWith([{ address: '8.8.8.8', family: 4 }, { address: '192.168.1.10', family: 4 }], true);
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as Error).message).toMatch(/^URL routing refused to connect to api\.example\.com, which resolves to 192\.168\.1\.10: a private network address/);
  });
});
