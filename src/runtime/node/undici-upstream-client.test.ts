import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/free-port.js';
import { errors as undiciErrors } from 'undici';
import { UpstreamTimeoutError } from '../../errors/proxy-error.js';
import { readUpstreamText } from '../../upstream/upstream-client.js';
import { describeConnectFailure, mapUpstreamFailure, splitUrl, undiciUpstreamClient } from './undici-upstream-client.js';

const call = (url: string) =>
  undiciUpstreamClient.send({ url, method: 'GET', headers: {}, headersTimeoutMs: 2000, bodyTimeoutMs: 2000, label: `test (${url})` });

describe('connection failures say what failed and what to do', () => {
  it('names a refused port with the fix, end to end', async () => {
    const port = await freePort();
    await expect(call(`http://127.0.0.1:${port}/v1/models`)).rejects.toThrow(
      `Cannot reach backend test (http://127.0.0.1:${port}/v1/models): connection refused: nothing listens at that address and port. Start the backend, or fix the port in its URL.`,
    );
  });

  it('names a TLS failure (https:// to a plain HTTP port) with the fix, end to end', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await expect(call(`https://127.0.0.1:${port}/v1/models`)).rejects.toThrow(/TLS failed \((ERR_SSL_[A-Z_]+|EPROTO)\)\. Check the URL's scheme \(http:\/\/ or https:\/\/\)/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('explains DNS, timeouts and unknown codes, and names proxy variables that are set but not used', () => {
    expect(describeConnectFailure('ENOTFOUND', undefined, {})).toBe("host not found (ENOTFOUND): the name in the URL does not resolve. Check its spelling and this machine's DNS.");
    expect(describeConnectFailure('UND_ERR_CONNECT_TIMEOUT', undefined, {})).toMatch(/^connect timeout: the address does not answer/);
    expect(describeConnectFailure('CERT_HAS_EXPIRED', undefined, {})).toMatch(/^TLS failed \(CERT_HAS_EXPIRED\)\..*NODE_EXTRA_CA_CERTS/);
    expect(describeConnectFailure(undefined, new Error('socket hang up'), {})).toBe('socket hang up.');
    expect(describeConnectFailure('ECONNREFUSED', undefined, { HTTPS_PROXY: 'http://proxy.corp:3128' })).toMatch(
      /\(HTTPS_PROXY is set, but backend calls do not go through a proxy; if this machine needs one to reach the backend, that is the cause\.\)$/,
    );
  });
});

describe('timeouts name the backend and the limit that struck', () => {
  const label = 'slow (http://127.0.0.1:9/v1)';

  it('connect, first byte and idle, each by its configuration name', () => {
    const connect = mapUpstreamFailure(new undiciErrors.ConnectTimeoutError(), label, { connectTimeoutMs: 1_500 });
    expect(connect).toBeInstanceOf(UpstreamTimeoutError);
    expect(connect).toMatchObject({ status: 504, retryable: true });
    expect(connect.message).toMatch(/^Cannot reach backend slow \(http:\/\/127\.0\.0\.1:9\/v1\) \(no connection within 1500 ms: connectMs\): connect timeout: the address does not answer/);
    expect(mapUpstreamFailure(new undiciErrors.HeadersTimeoutError(), label, { headersTimeoutMs: 600_000 }).message).toBe(
      `Backend ${label} did not answer in time (no response headers within 600000 ms: headersMs).`,
    );
    expect(mapUpstreamFailure(new undiciErrors.BodyTimeoutError(), label, { bodyTimeoutMs: 300 }).message).toBe(
      `Backend ${label} stopped sending data mid-response (silent for 300 ms: bodyIdleMs).`,
    );
  });
});

describe('splitUrl: origin and path for the dispatcher, or undici parses the URL', () => {
  it('splits plain http(s) URLs, with ports, IPv6 hosts and queries', () => {
    expect(splitUrl('https://api.openai.com/v1/chat/completions')).toEqual({ origin: 'https://api.openai.com', path: '/v1/chat/completions' });
    expect(splitUrl('http://127.0.0.1:8080/v1/messages?beta=true')).toEqual({ origin: 'http://127.0.0.1:8080', path: '/v1/messages?beta=true' });
    expect(splitUrl('http://[::1]:11434/api')).toEqual({ origin: 'http://[::1]:11434', path: '/api' });
    expect(splitUrl('http://localhost:11434')).toEqual({ origin: 'http://localhost:11434', path: '/' });
  });

  it('leaves credentials, fragments, spaces and non-ASCII to the full parser', () => {
    for (const url of ['http://user:pass@host/v1', 'http://host/v1#frag', 'http://host/a b', 'http://host/ü', 'ftp://host/x', 'http://höst/x']) {
      expect(splitUrl(url), url).toBeUndefined();
    }
  });

  it('sends to the split origin and path, end to end', async () => {
    const server = createServer((req, res) => res.end(JSON.stringify({ url: req.url, host: req.headers.host })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await undiciUpstreamClient.send({ url: `http://127.0.0.1:${port}/v1/chat/completions?x=1`, method: 'POST', headers: {}, body: '{}', headersTimeoutMs: 5000, bodyTimeoutMs: 5000, label: 'local' });
      expect(JSON.parse(await readUpstreamText(response, 1024, 'local'))).toEqual({ url: '/v1/chat/completions?x=1', host: `127.0.0.1:${port}` });
    } finally {
      server.close();
    }
  });

  it('sends any other URL as undici parses it (escaped path and query, no fragment), end to end', async () => {
    const server = createServer((req, res) => res.end(JSON.stringify({ url: req.url, host: req.headers.host })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const url = `http://127.0.0.1:${port}/v1/a b?q=ü#frag`;
      expect(splitUrl(url)).toBeUndefined();
      const response = await undiciUpstreamClient.send({ url, method: 'POST', headers: {}, body: '{}', headersTimeoutMs: 5000, bodyTimeoutMs: 5000, label: 'local' });
      expect(JSON.parse(await readUpstreamText(response, 1024, 'local'))).toEqual({ url: '/v1/a%20b?q=%C3%BC', host: `127.0.0.1:${port}` });
    } finally {
      server.close();
    }
  });
});
