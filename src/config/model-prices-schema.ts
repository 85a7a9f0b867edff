/**
 * The schema of price overrides (`MODEL_PRICES`, the config file's `prices:`): model id -> USD per
 * million tokens, `input` and `output` required (a price without them estimates nothing),
 * `cacheRead` and `cacheWrite` optional, unknown keys refused.
 */
import * as v from 'valibot';
import type { ModelPrice } from '../models/model-price.js';
import { ConfigError } from './config-error.js';

const usdPerMillion = v.pipe(v.number(), v.finite(), v.minValue(0));

export const modelPriceSchema = v.strictObject({
  input: usdPerMillion,
  output: usdPerMillion,
  cacheRead: v.optional(usdPerMillion),
  cacheWrite: v.optional(usdPerMillion),
});

export const modelPricesSchema = v.record(v.pipe(v.string(), v.minLength(1)), modelPriceSchema);

// The schema's output is exactly a ModelPrice.
const schemaMatchesPrice: v.InferOutput<typeof modelPriceSchema> extends ModelPrice ? (ModelPrice extends v.InferOutput<typeof modelPriceSchema> ? true : false) : false = true;
void schemaMatchesPrice;

/** Validates parsed JSON as model id -> price; a ConfigError names each bad path. */
export function parseModelPrices(value: unknown, source: string): Record<string, ModelPrice> {
  const result = v.safeParse(modelPricesSchema, value);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const [model, ...rest] = issue.path?.map((item) => String(item.key)) ?? [];
    const path = model === undefined ? source : `${source}[${JSON.stringify(model)}]${rest.map((key) => `.${key}`).join('')}`;
    const what =
      issue.type === 'strict_object' && issue.expected === 'never' ? 'is not a price field (known: input, output, cacheRead, cacheWrite)'
      : issue.received === 'undefined' ? 'is missing'
      : `must be ${issue.expected ?? 'valid'}, got ${issue.received}`;
    return `${path} ${what}`;
  });
  throw new ConfigError(`${source} is not valid: ${problems.join('; ')} (USD per million tokens, e.g. {"deepseek-chat":{"input":0.28,"output":0.42,"cacheRead":0.028}})`);
}
