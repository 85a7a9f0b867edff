/**
 * The parts of undici the Node runtime uses (Agent, the connector, the errors and the
 * dispatcher's `request`), loaded from their own modules instead of undici's index, which
 * also loads fetch, WebSocket, EventSource, the cache, the mocks and the proxy agents: about
 * 8 MB more resident memory, for code the proxy never runs (issue 13: the bench's proxy is idle
 * at 54 MB instead of 62 MB). The objects are undici's own: `undici-parts.test.ts` holds them
 * identical to the index's exports, so an undici update that moves a file fails there, not in use.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const load = createRequire(import.meta.url);

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export type Agent = Undici.Agent;
export const buildConnector = load('undici/lib/core/connect.js') as typeof Undici.buildConnector;
export type Connector = Undici.buildConnector.connector;
export const errors = load('undici/lib/core/errors.js') as typeof Undici.errors;

// What undici's index does to give every dispatcher `request`, `stream`, `pipeline`...
const Dispatcher = load('undici/lib/dispatcher/dispatcher.js') as typeof Undici.Dispatcher;
if (typeof Dispatcher.prototype.request !== 'function') Object.assign(Dispatcher.prototype, load('undici/lib/api/index.js'));

/** undici's own URL parsing (what its top-level `request(url)` does first): a URL object, or an InvalidArgumentError. */
export const parseUrl = (load('undici/lib/core/util.js') as { parseURL: (url: string) => URL }).parseURL;
