/**
 * The Node side of the `public-only` address policy (URL routing): an undici Agent of its own
 * whose connector checks the address it is about to connect to. A literal IP host is checked
 * before any socket exists; a name goes through `lookup`, which resolves it and refuses when ANY
 * of its addresses is not public (so a name with one public and one loopback address cannot be
 * used to reach the loopback one, and a rebinding between check and connect is impossible: the
 * checked answer is the one connected to). Its own pool, so a connection opened for a configured
 * backend is never reused for a routed call or the other way round.
 */
import * as dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, type Connector } from './undici-parts.js';
import { addressRefusal } from '../../upstream/classify-address.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, upstreamPoolOptions } from './upstream-pool-options.js';


type Resolve = (hostname: string, options: dns.LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

/** A `lookup` for net/tls.connect that resolves every address of the name and refuses unless all are public. */
export function createCheckedLookup(resolve: Resolve = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const refusal = addressRefusal(hostname, address);
        if (refusal) return callback(refusal, []);
      }
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      if (!first) return callback(Object.assign(new Error(`${hostname} resolved to no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}

/** undici's connector with the checked lookup, refusing a literal IP host before any socket is opened. */
export function createAddressCheckedConnector(options: { connectTimeoutMs?: number; resolve?: Resolve } = {}): Connector {
  const connect = buildConnector({ lookup: createCheckedLookup(options.resolve), timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
  return (target, callback) => {
    if (isIP(target.hostname) !== 0) {
      const refusal = addressRefusal(target.hostname, target.hostname);
      if (refusal) {
        callback(refusal, null);
        return;
      }
    }
    connect(target, callback);
  };
}

/** The pools for `public-only` calls, one per connect timeout (undici takes it per Agent, not per request). */
const checkedAgents = new Map<number, Agent>();

/** The process's pool for `public-only` calls with this connect timeout, created on first use. */
export function addressCheckedAgent(connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Agent {
  let agent = checkedAgents.get(connectTimeoutMs);
  if (agent === undefined) {
    agent = new Agent({ ...upstreamPoolOptions, connect: createAddressCheckedConnector({ connectTimeoutMs }) });
    checkedAgents.set(connectTimeoutMs, agent);
  }
  return agent;
}

/** Closes the `public-only` pools (graceful shutdown, tests). */
export async function closeAddressCheckedAgents(): Promise<void> {
  const agents = [...checkedAgents.values()];
  checkedAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}
