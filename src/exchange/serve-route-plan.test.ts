import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { RequestValidationError, UpstreamConnectionError } from '../errors/proxy-error.js';
import type { ProxyRuntime } from '../http/proxy-runtime.js';
import type { RequestScope } from '../http/request-scope.js';
import type { Route, RoutePlan } from '../routing/resolve-route.js';
import type { ExchangeCall } from './exchange-call.js';
import { serveRoutePlan } from './serve-route-plan.js';

const [backend] = parseConfig({}).backends;
const route = (model: string): Route => ({ backend: backend!, model, reason: 'test' });
const plan: RoutePlan = { requestedModel: 'm', route: 'default', why: 'test', candidates: [route('first'), route('second')] };

function callWith(headersSent: boolean): Omit<ExchangeCall<unknown>, 'route'> {
  const lines: string[] = [];
  return {
    runtime: { logger: { info: (line: string) => lines.push(line) } } as unknown as ProxyRuntime,
    scope: { requestId: 'req_1' } as RequestScope,
    req: {} as ExchangeCall<unknown>['req'],
    res: { headersSent } as ExchangeCall<unknown>['res'],
    request: {},
    rawBody: Buffer.alloc(0),
  };
}

describe('serveRoutePlan', () => {
  it('tries the next candidate after a backend failure before the answer started', async () => {
    const tried: string[] = [];
    await serveRoutePlan(plan, callWith(false), async (call) => {
      tried.push(call.route.model!);
      if (call.route.model === 'first') throw new UpstreamConnectionError('down');
    });
    expect(tried).toEqual(['first', 'second']);
  });

  it('keeps the failure when it is the client\'s, when the answer has started, or when no candidate is left', async () => {
    const tried: string[] = [];
    const refuse = new RequestValidationError('bad');
    await expect(serveRoutePlan(plan, callWith(false), async (call) => { tried.push(call.route.model!); throw refuse; })).rejects.toBe(refuse);
    const down = new UpstreamConnectionError('down');
    await expect(serveRoutePlan(plan, callWith(true), async (call) => { tried.push(call.route.model!); throw down; })).rejects.toBe(down);
    await expect(serveRoutePlan(plan, callWith(false), async (call) => { tried.push(call.route.model!); throw down; })).rejects.toBe(down);
    expect(tried).toEqual(['first', 'first', 'first', 'second']);
  });
});
