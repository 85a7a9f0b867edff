import { UpstreamHttpError } from '../errors/proxy-error.js';
import { addressRefusal } from './classify-address.js';
import type { AddressPolicy, UpstreamClient } from './upstream-client.js';

/**
 * The upstream client for URL-routed calls: every call carries `addressPolicy` (the runtime's
 * client checks the addresses it connects to: on Node every resolved address), a literal IP host
 * is checked here already, in every runtime, and a redirect is an error, never followed: the
 * Node client does not follow redirects, and a 3xx passed on as if it were the answer would read
 * as a broken stream. A redirect could point at an address the policy refuses, so its target is
 * named but not visited.
 */
export function urlRoutedUpstreamClient(client: UpstreamClient, addressPolicy: AddressPolicy): UpstreamClient {
  return {
    async send(request) {
      if (addressPolicy === 'public-only') refuseLiteralAddress(request.url);
      const response = await client.send({ ...request, addressPolicy });
      if (response.statusCode < 300 || response.statusCode >= 400) return response;
      // Let go of the call; the body's abort error has no reader to go to.
      response.body.on('error', () => {});
      response.body.destroy();
      const location = response.headers.location;
      const target = typeof location === 'string' ? ` to ${location.slice(0, 200)}` : '';
      throw new UpstreamHttpError(
        'api_error',
        `Backend ${request.label} answered ${response.statusCode}, a redirect${target}. URL routing does not follow redirects; put the final URL in the path.`,
        response.statusCode,
        { status: 502, retryable: false },
      );
    },
  };
}

/** A host written as an address needs no lookup to be refused. A name is left to the runtime's client. */
function refuseLiteralAddress(url: string): void {
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!/^[\d.]+$|:/.test(hostname)) return;
  const refusal = addressRefusal(hostname, hostname);
  if (refusal) throw refusal;
}
