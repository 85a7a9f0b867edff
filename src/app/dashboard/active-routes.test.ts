import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse-config.js';
import { parseConfigFile } from '../../config/parse-config-file.js';
import { activeRoutes } from './active-routes.js';

describe('activeRoutes', () => {
  it("lists a file's rules, then its task routes in the order they are checked, each a fallback chain", () => {
    const text = `backends:
  a: { kind: openai, baseUrl: "http://127.0.0.1:1/v1" }
  b: { kind: openai, baseUrl: "http://127.0.0.1:2/v1" }
routes:
  default: ["a,m1", "b,m2"]
  think: "b,r1"
  longContext: { target: "b,big", thresholdTokens: 60000 }
rules:
  - match: { model: "claude-opus-*" }
    target: "a,opus-like"
urlRouting: { enabled: true, allowHosts: ["api.groq.com"] }
`;
    const { config } = parseConfigFile({ text, path: 'c.yaml', env: {} });
    expect(activeRoutes(config)).toEqual([
      { name: 'rules[0]', targets: ['a/opus-like'], note: 'model claude-opus-*' },
      { name: 'longContext', targets: ['b/big'], note: 'over 60000 input tokens' },
      { name: 'think', targets: ['b/r1'] },
      { name: 'default', targets: ['a/m1', 'b/m2'] },
      { name: 'URL routing', targets: ['api.groq.com'], note: 'hosts allowed' },
    ]);
  });

  it('in environment mode: the tier mapping and where other Claude names go', () => {
    const config = parseConfig({ OPEN_AI_URL: 'http://127.0.0.1:1/v1', OPEN_MODEL: 'gpt-4o', HAIKU_MODEL: 'gpt-4o-mini' });
    const routes = activeRoutes(config);
    expect(routes).toContainEqual({ name: '*haiku*', targets: ['default/gpt-4o-mini'], note: 'HAIKU_MODEL' });
    expect(routes.at(-1)).toEqual({ name: 'other claude-*', targets: ['default/gpt-4o'], note: 'OPEN_MODEL' });
  });
});
