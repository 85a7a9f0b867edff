import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../config/parse-config-file.js';
import type { AccessKey } from '../config/config-types.js';
import { limitPlanToAccessKey } from './limit-plan-to-access-key.js';
import { globMatches } from './plan-file-route.js';
import { planRoute } from './plan-route.js';
import type { RequestSummary } from './summarize-request.js';

const { config } = parseConfigFile({
  path: 'test.yaml',
  env: {},
  text: `
backends:
  ds: { kind: openai, baseUrl: "http://127.0.0.1:1/v1" }
  local: { kind: openai, baseUrl: "http://127.0.0.1:2/v1" }
  claude: { kind: anthropic, baseUrl: "http://127.0.0.1:3" }
routes:
  default: ["ds,deepseek-chat", "local,qwen3:32b"]
  background: "local,qwen3:8b"
  think: "ds,deepseek-reasoner"
  longContext: { target: "claude,claude-sonnet-5-5", thresholdTokens: 60000 }
  webSearch: "claude,claude-haiku-5-5"
  image: "claude,claude-opus-5-5"
rules:
  - { name: opus, match: { model: "claude-opus-*" }, target: "claude,claude-opus-4-5" }
  - match: { model: "*-mini" }
    target: "local,qwen3:8b"
`,
});

function summary(overrides: Partial<RequestSummary>): RequestSummary {
  return { clientApi: 'anthropic-messages', model: 'claude-sonnet-5', thinking: false, imageInLatestTurn: false, webSearch: false, estimatedInputTokens: 1_000, stream: true, ...overrides };
}

/** route name, then each candidate as backend,model. */
function planned(overrides: Partial<RequestSummary>): [string, ...string[]] {
  const plan = planRoute(config, summary(overrides));
  return [plan.route, ...plan.candidates.map((candidate) => `${candidate.backend.name},${candidate.model}`)];
}

describe('planRoute with a configuration file', () => {
  it('sends a plain request to the default route, its list as the fallback chain', () => {
    expect(planned({})).toEqual(['default', 'ds,deepseek-chat', 'local,qwen3:32b']);
    const plan = planRoute(config, summary({}));
    expect(plan.candidates.map((candidate) => candidate.reason)).toEqual(['route default', 'route default, fallback 1']);
  });

  it('takes each task route for its condition', () => {
    expect(planned({ thinking: true })).toEqual(['think', 'ds,deepseek-reasoner']);
    expect(planned({ model: 'claude-haiku-4-5-20251001' })).toEqual(['background', 'local,qwen3:8b']);
    expect(planned({ imageInLatestTurn: true })).toEqual(['image', 'claude,claude-opus-5-5']);
    expect(planned({ webSearch: true })).toEqual(['webSearch', 'claude,claude-haiku-5-5']);
    expect(planned({ estimatedInputTokens: 60_001 })).toEqual(['longContext', 'claude,claude-sonnet-5-5']);
    expect(planned({ estimatedInputTokens: 60_000 })).toEqual(['default', 'ds,deepseek-chat', 'local,qwen3:32b']);
  });

  it('keeps the documented precedence: requested > rules > longContext > webSearch > image > think > background > default', () => {
    const everything = { thinking: true, imageInLatestTurn: true, webSearch: true, estimatedInputTokens: 100_000, model: 'claude-haiku-4-5' };
    expect(planned({ ...everything, model: 'local,llama3' })[0]).toBe('requested');
    expect(planned({ ...everything, model: 'claude-opus-4-8' })[0]).toBe('opus');
    expect(planned(everything)[0]).toBe('longContext');
    expect(planned({ ...everything, estimatedInputTokens: 10 })[0]).toBe('webSearch');
    expect(planned({ ...everything, estimatedInputTokens: 10, webSearch: false })[0]).toBe('image');
    expect(planned({ ...everything, estimatedInputTokens: 10, webSearch: false, imageInLatestTurn: false })[0]).toBe('think');
    expect(planned({ ...everything, estimatedInputTokens: 10, webSearch: false, imageInLatestTurn: false, thinking: false })[0]).toBe('background');
  });

  it('names an unnamed rule by its place, and a rule wins over the routes', () => {
    expect(planned({ model: 'gpt-4o-mini', thinking: true })).toEqual(['rules[1]', 'local,qwen3:8b']);
    expect(planned({ model: 'claude-opus-4-8' })).toEqual(['opus', 'claude,claude-opus-4-5']);
  });

  it("serves the client's own backend,model, and names the configured backends on a typo", () => {
    expect(planned({ model: 'local,qwen3:8b' })).toEqual(['requested', 'local,qwen3:8b']);
    expect(() => planned({ model: 'deepsek,deepseek-chat' })).toThrow('No backend named "deepsek" is configured (configured: ds, local, claude)');
  });

  it('routes OpenAI clients the same way', () => {
    expect(planned({ clientApi: 'openai-chat', model: 'gpt-4o', thinking: true })).toEqual(['think', 'ds,deepseek-reasoner']);
  });

  it('says why a route applies', () => {
    expect(planRoute(config, summary({ estimatedInputTokens: 72_000 })).why).toBe('about 72000 input tokens, over the threshold of 60000');
  });
});

describe('globMatches', () => {
  it('matches whole names, * as any run, other characters literally, case-insensitively', () => {
    expect(globMatches('claude-opus-*', 'claude-opus-4-8')).toBe(true);
    expect(globMatches('claude-opus-*', 'CLAUDE-OPUS-4-8')).toBe(true);
    expect(globMatches('claude-opus-*', 'my-claude-opus-4')).toBe(false);
    expect(globMatches('gpt-4.1', 'gpt-4x1')).toBe(false);
    expect(globMatches('*', 'anything')).toBe(true);
  });
});

describe('limitPlanToAccessKey', () => {
  const plan = planRoute(config, summary({}));

  it('lets an unlimited key and an allowed route through unchanged', () => {
    expect(limitPlanToAccessKey(plan, undefined)).toBe(plan);
    expect(limitPlanToAccessKey(plan, { name: 'a', key: 'k', routes: ['default'] })).toBe(plan);
  });

  it('refuses a route the key may not use with a 403 naming it', () => {
    const key: AccessKey = { name: 'intern', key: 'k', routes: ['background'] };
    expect(() => limitPlanToAccessKey(plan, key)).toThrow(/The access key "intern" may not use the route "default" .*it may use: background/);
    try {
      limitPlanToAccessKey(plan, key);
    } catch (error) {
      expect((error as { status: number }).status).toBe(403);
    }
  });

  it('keeps only the backends a key may use, and refuses when none is left', () => {
    expect(limitPlanToAccessKey(plan, { name: 'a', key: 'k', backends: ['local'] }).candidates.map((candidate) => candidate.model)).toEqual(['qwen3:32b']);
    expect(() => limitPlanToAccessKey(plan, { name: 'a', key: 'k', backends: ['claude'] })).toThrow(/may not use the backend ds, local/);
  });
});
