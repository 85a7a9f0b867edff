/**
 * Hosts of URL routing (`urlRouting.allowHosts`, URL_ROUTING_ALLOW_HOSTS, and the host segment
 * of a routed path), in one normal form so that an entry and a request compare exactly:
 * the WHATWG URL host parser's output (lowercase, punycode, IPv4 in dotted-quad whatever way it
 * was written: `2130706433` and `0x7f.1` are `127.0.0.1`), and the port as written, if any.
 *
 * Matching rule: an entry without a port allows the host on the scheme's default port only
 * (443 for https, 80 for http); any other port must be listed as `host:port`.
 */
export interface UrlRoutingHost {
  /** Lowercase name, dotted-quad IPv4, or bracketed IPv6 (`[::1]`). */
  hostname: string;
  /** The explicit port, if one was written. */
  port: number | undefined;
}

/** `api.groq.com`, `127.0.0.1:8080`, `[::1]:11434` -> its normal form; undefined when it is not a bare host[:port]. */
export function parseUrlRoutingHost(text: string): UrlRoutingHost | undefined {
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, host = '', portText] = match;
  // Userinfo, paths, queries and escapes are never part of a host here.
  if (/[@/?#%\\\s]/.test(host)) return undefined;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
  return hostname === '' ? undefined : { hostname, port };
}

/** The `host[:port]` text of a parsed host, as it is written in an allowlist and a URL. */
export function formatUrlRoutingHost(host: UrlRoutingHost): string {
  return host.port === undefined ? host.hostname : `${host.hostname}:${host.port}`;
}

/** Whether an allowlist entry admits `host` reached with `scheme`. */
export function urlRoutingHostAllowed(entry: UrlRoutingHost, host: UrlRoutingHost, scheme: 'http' | 'https'): boolean {
  if (entry.hostname !== host.hostname) return false;
  const defaultPort = scheme === 'https' ? 443 : 80;
  return (entry.port ?? defaultPort) === (host.port ?? defaultPort);
}
