import type { ModelPrice } from './model-price.js';

export interface TokenCounts {
  /** The whole prompt, cache reads and writes included. */
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/**
 * USD for one request at `price`: uncached prompt tokens at the input rate, cache reads and
 * writes at theirs, output at the output rate. Undefined when a count is missing or the price
 * has no rate for tokens the request used: an estimate is given only where it can be right.
 */
export function estimateCostUsd(price: ModelPrice, tokens: TokenCounts): number | undefined {
  const { inputTokens, outputTokens } = tokens;
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cacheRead = tokens.cacheReadTokens ?? 0;
  const cacheWrite = tokens.cacheWriteTokens ?? 0;
  if (cacheRead > 0 && price.cacheRead === undefined) return undefined;
  if (cacheWrite > 0 && price.cacheWrite === undefined) return undefined;
  const uncached = Math.max(0, inputTokens - cacheRead - cacheWrite);
  const micro = uncached * price.input + outputTokens * price.output + cacheRead * (price.cacheRead ?? 0) + cacheWrite * (price.cacheWrite ?? 0);
  return micro / 1_000_000;
}
