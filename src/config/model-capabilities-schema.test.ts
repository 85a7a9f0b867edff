import { describe, expect, it } from 'vitest';
import { parseModelCapabilityOverrides } from './model-capabilities-schema.js';

describe('MODEL_CAPABILITIES webSearch', () => {
  it('takes the three kinds of web search', () => {
    for (const webSearch of ['none', 'openrouter', 'openai-search-options'] as const) {
      expect(parseModelCapabilityOverrides({ m: { webSearch } }, 'MODEL_CAPABILITIES')).toEqual({ m: { webSearch } });
    }
  });

  it('names the path of a value it does not know', () => {
    expect(() => parseModelCapabilityOverrides({ m: { webSearch: 'google' } }, 'MODEL_CAPABILITIES')).toThrow(
      /MODEL_CAPABILITIES\["m"\]\.webSearch must be .*openrouter.*, got "google"/,
    );
  });
});
