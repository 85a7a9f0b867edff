import { describe, expect, it } from 'vitest';
import { ProxyError } from '../errors/proxy-error.js';
import { urlRoutedUpstreamClient } from './url-routed-upstream-client.js';
import type { UpstreamBody, UpstreamClient, UpstreamRequest, UpstreamResponse } from './upstream-client.js';

/** A client that records what it was asked and answers `statusCode` with an empty body. */
function recordingClient(statusCode = 200, headers: UpstreamResponse['headers'] = {}) {
  const sent: UpstreamRequest[] = [];
  let destroyed = false;
  const body = {
    on: () => body,
    destroy: () => {
      destroyed = true;
    },
  } as unknown as UpstreamBody;
  const client: UpstreamClient = {
    send: async (request) => {
      sent.push(request);
      return { statusCode, headers, body, failure: (error) => new ProxyError('api_error', String(error)) };
    },
  };
  return { client, sent, wasDestroyed: () => destroyed };
}

const request = (url: string): UpstreamRequest => ({ url, method: 'POST', headers: {}, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, label: 'url:test' });

describe('urlRoutedUpstreamClient', () => {
  it('puts the address policy on every call', async () => {
    const { client, sent } = recordingClient();
    await urlRoutedUpstreamClient(client, 'public-only').send(request('https://api.example.com/v1/chat/completions'));
    await urlRoutedUpstreamClient(client, 'any').send(request('http://127.0.0.1:9/v1/chat/completions'));
    expect(sent.map((call) => call.addressPolicy)).toEqual(['public-only', 'any']);
  });

  it('refuses a literal non-public address itself, in any runtime, before the client is asked', async () => {
    const { client, sent } = recordingClient();
    const routed = urlRoutedUpstreamClient(client, 'public-only');
    for (const url of ['http://127.0.0.1:8080/v1', 'http://[::1]/v1', 'http://[::ffff:10.0.0.1]/v1', 'http://169.254.169.254/latest', 'http://0x7f.1/v1', 'http://2130706433/v1']) {
      await expect(routed.send(request(url)), url).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/^URL routing refused to connect to /) });
    }
    expect(sent).toHaveLength(0);
  });

  it('turns a redirect into a 502 naming its target, and lets go of the body', async () => {
    const { client, wasDestroyed } = recordingClient(302, { location: 'http://127.0.0.1:1/' });
    await expect(urlRoutedUpstreamClient(client, 'any').send(request('https://api.example.com/v1'))).rejects.toMatchObject({
      status: 502,
      message: 'Backend url:test answered 302, a redirect to http://127.0.0.1:1/. URL routing does not follow redirects; put the final URL in the path.',
    });
    expect(wasDestroyed()).toBe(true);
  });

  it('hands back any other status for the exchange to map (2xx, 4xx, 5xx)', async () => {
    for (const status of [200, 401, 503]) {
      const { client } = recordingClient(status);
      expect((await urlRoutedUpstreamClient(client, 'any').send(request('https://api.example.com/v1'))).statusCode).toBe(status);
    }
  });
});
