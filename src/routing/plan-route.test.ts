import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import type { ProxyConfig } from '../config/config-types.js';
import { RoutingError } from '../errors/proxy-error.js';
import { planRoute } from './plan-route.js';
import type { ClientApi } from './summarize-request.js';

function plan(config: ProxyConfig, clientApi: ClientApi, model: string) {
  return planRoute(config, { clientApi, model, thinking: false, imageInLatestTurn: false, webSearch: false, estimatedInputTokens: 10, stream: false });
}

describe('planRoute in environment mode (remembered per configuration)', () => {
  const both = parseConfig({ OPEN_MODEL: 'gpt-4o', ANTHROPIC_UPSTREAM_URL: 'https://api.anthropic.test', ANTHROPIC_UPSTREAM_API_KEY: 'sk-ant-test' });

  it('gives the next request for the same name the same frozen plan', () => {
    const first = plan(both, 'anthropic-messages', 'claude-sonnet-4-5');
    expect(plan(both, 'anthropic-messages', 'claude-sonnet-4-5')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.candidates)).toBe(true);
    expect(Object.isFrozen(first.candidates[0])).toBe(true);
    expect(first.candidates[0]).toMatchObject({ model: 'gpt-4o', backend: { name: 'default' } });
  });

  it('keeps each client API apart: the same name routes as that API routes it', () => {
    // Claude Code's name goes to OPEN_MODEL; an OpenAI client naming Claude goes to Claude.
    expect(plan(both, 'anthropic-messages', 'claude-opus-4-8').candidates[0]).toMatchObject({ model: 'gpt-4o', backend: { kind: 'openai' } });
    expect(plan(both, 'openai-chat', 'claude-opus-4-8').candidates[0]).toMatchObject({ model: 'claude-opus-4-8', backend: { kind: 'anthropic' } });
    expect(plan(both, 'openai-responses', 'claude-opus-4-8').candidates[0]).toMatchObject({ model: 'claude-opus-4-8', backend: { kind: 'anthropic' } });
  });

  it('plans anew for another configuration object (a reload)', () => {
    const before = plan(both, 'anthropic-messages', 'claude-haiku-4-5');
    const reloaded = parseConfig({ OPEN_MODEL: 'gpt-4o-mini' });
    const after = plan(reloaded, 'anthropic-messages', 'claude-haiku-4-5');
    expect(after).not.toBe(before);
    expect(after.candidates[0]!.model).toBe('gpt-4o-mini');
  });

  it('does not remember a name whose routing fails: it fails the same way each time', () => {
    const broken = parseConfig({ OPEN_MODEL: 'gpt-4o' });
    const request = () => plan(broken, 'anthropic-messages', 'nowhere,some-model');
    expect(request).toThrow(RoutingError);
    expect(request).toThrow(/No backend named "nowhere"/);
  });

  it('stays bounded: past 512 names it starts again and still answers right', () => {
    const config = parseConfig({ OPEN_MODEL: 'gpt-4o' });
    const first = plan(config, 'anthropic-messages', 'model-0');
    for (let index = 1; index <= 512; index++) plan(config, 'anthropic-messages', `model-${index}`);
    const again = plan(config, 'anthropic-messages', 'model-0');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
