import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { parseConfigFile } from './parse-config-file.js';

const fileWith = (extra: string) => `
${extra}
backends:
  deepseek: { preset: deepseek, apiKey: "sk-deepseek-1" }
routes:
  default: "deepseek,deepseek-chat"
`;

describe('price overrides and the log format in the configuration', () => {
  it('reads MODEL_PRICES (USD per million tokens) and LOG_FORMAT from the environment', () => {
    const config = parseConfig({ MODEL_PRICES: '{"deepseek-chat":{"input":0.28,"output":0.42,"cacheRead":0.028},"groq,gpt-oss-120b":{"input":0.15,"output":0.6}}', LOG_FORMAT: ' JSON ' });
    expect(config.modelPrices).toEqual({ 'deepseek-chat': { input: 0.28, output: 0.42, cacheRead: 0.028 }, 'groq,gpt-oss-120b': { input: 0.15, output: 0.6 } });
    expect(config.logFormat).toBe('json');
    expect(parseConfig({ LOG_FORMAT: 'text' }).logFormat).toBe('text');
    const unset = parseConfig({});
    expect(unset.logFormat).toBeUndefined();
    expect(unset.modelPrices).toEqual({});
  });

  it('refuses a bad MODEL_PRICES or LOG_FORMAT, naming what is wrong', () => {
    expect(() => parseConfig({ MODEL_PRICES: '{nope' })).toThrow(/MODEL_PRICES must be JSON/);
    expect(() => parseConfig({ MODEL_PRICES: '{"m":{"input":1}}' })).toThrow(/MODEL_PRICES\["m"\]\.output is missing/);
    expect(() => parseConfig({ MODEL_PRICES: '{"m":{"input":-1,"output":1}}' })).toThrow(/MODEL_PRICES\["m"\]\.input must be >=0, got -1/);
    expect(() => parseConfig({ MODEL_PRICES: '{"m":{"input":1,"output":2,"cached":0.1}}' })).toThrow(/"m"\]\.cached is not a price field/);
    expect(() => parseConfig({ MODEL_PRICES: '[1]' })).toThrow(ConfigError);
    expect(() => parseConfig({ LOG_FORMAT: 'pretty' })).toThrow(/LOG_FORMAT must be text or json/);
  });

  it('reads the file\'s prices: and logFormat:', () => {
    const { config } = parseConfigFile({ text: fileWith('logFormat: json\nprices:\n  deepseek-chat: { input: 0.28, output: 0.42 }'), path: 'c.yaml', env: {} });
    expect(config.logFormat).toBe('json');
    expect(config.modelPrices).toEqual({ 'deepseek-chat': { input: 0.28, output: 0.42 } });
    const plain = parseConfigFile({ text: fileWith(''), path: 'c.yaml', env: {} }).config;
    expect(plain.logFormat).toBeUndefined();
    expect(() => parseConfigFile({ text: fileWith('logFormat: pretty'), path: 'c.yaml', env: {} })).toThrow(ConfigError);
    expect(() => parseConfigFile({ text: fileWith('prices:\n  m: { input: 1 }'), path: 'c.yaml', env: {} })).toThrow(/prices/);
  });
});
