/** What a model costs, in USD per million tokens. A rate left out is unknown, not free. */
export interface ModelPrice {
  /** Prompt tokens read neither from nor into the prompt cache. */
  input: number;
  output: number;
  /** Prompt tokens read from the cache (Anthropic "cache hits", OpenAI "cached input"). */
  cacheRead?: number;
  /** Prompt tokens written to the cache (Anthropic's 5-minute cache write; OpenAI charges none). */
  cacheWrite?: number;
}

export interface KnownModelPrice {
  /** Tested against the model id (lowercase, `.` read as `-`), then against the part after the last `/`. */
  pattern: RegExp;
  price: ModelPrice;
}

/**
 * Published list prices, only those read on the provider's own pages (checked 2026-12-03, stored
 * copies of the pages): a model is left out rather than guessed, and a cache rate is left out
 * where the page did not show one (a request that read or wrote the cache then has no cost).
 * Other providers' models (OpenAI, Gemini, DeepSeek, ...) get their price from the configuration
 * (MODEL_PRICES, the file's `prices:`); their list prices change too often and, for several,
 * depend on prompt length or time of day, which one rate per token kind cannot express.
 *
 * - https://platform.claude.com/docs/en/about-claude/pricing ("Model pricing": base input, 5m
 *   cache writes, cache hits, output) for Fable/Mythos 5 and 5.1, Opus 5, Opus 4.5-4.8, Opus 4/4.1
 * - https://docs.anthropic.com/en/docs/about-claude/pricing (the same table, earlier copy) for
 *   Sonnet 4, Sonnet 3.7, Sonnet 3.5, Haiku 3.5, Opus 3, Haiku 3
 * - https://platform.claude.com/docs/en/models/sonnet-5/overview (Sonnet 5 with cache rates; Haiku 4.5
 *   input/output), .../sonnet-5-5/overview (Sonnet 5.5; Opus 5.5 input/output),
 *   .../sonnet-4-6/overview and .../sonnet-4-5/overview (input/output)
 *
 * Sonnet 5.5's cache-read rate is left out: its page shows $0.20, while several price trackers
 * report a cut to $0.10 from 2026-10-07. Haiku 5.5 is left out: its price depends on prompt length.
 */
export const knownModelPrices: readonly KnownModelPrice[] = [
  { pattern: /^claude-(fable|mythos)-5-1(-|$)/, price: { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 } },
  { pattern: /^claude-(fable|mythos)-5(-\d{8})?$/, price: { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 } },
  { pattern: /^claude-opus-5-5(-|$)/, price: { input: 4, output: 20 } },
  { pattern: /^claude-opus-5(-\d{8})?$/, price: { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 } },
  { pattern: /^claude-opus-4-[5-8](-|$)/, price: { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 } },
  { pattern: /^claude-opus-4(-[01])?(-\d{8})?$/, price: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 } },
  { pattern: /^claude-sonnet-5-5(-|$)/, price: { input: 2, output: 10, cacheWrite: 2.5 } },
  { pattern: /^claude-sonnet-5(-\d{8})?$/, price: { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 } },
  { pattern: /^claude-sonnet-4-[56](-|$)/, price: { input: 3, output: 15 } },
  { pattern: /^claude-sonnet-4(-0)?(-\d{8})?$/, price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } },
  { pattern: /^claude-(3-7-sonnet|3-5-sonnet|sonnet-3-[57])(-|$)/, price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } },
  { pattern: /^claude-haiku-4-5(-|$)/, price: { input: 1, output: 5 } },
  { pattern: /^claude-(3-5-haiku|haiku-3-5)(-|$)/, price: { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 } },
  { pattern: /^claude-(3-opus|opus-3)(-|$)/, price: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 } },
  { pattern: /^claude-(3-haiku|haiku-3)(-\d{8})?$/, price: { input: 0.25, output: 1.25, cacheWrite: 0.3, cacheRead: 0.03 } },
];

/** `anthropic/claude-sonnet-4.5` -> `claude-sonnet-4-5`: OpenRouter's ids, the table's form. */
function candidatesOf(model: string): string[] {
  const id = model.toLowerCase().replaceAll('.', '-');
  const slash = id.lastIndexOf('/');
  return slash === -1 ? [id] : [id, id.slice(slash + 1)];
}

/**
 * The price of a backend model: the configuration's entry for this model on this backend
 * (`backend,model`), else for that exact id (as the backend names it, or without its vendor
 * prefix), else the first table entry that matches, else none.
 */
export function findModelPrice(model: string, overrides: Readonly<Record<string, ModelPrice>> = noOverrides, backend?: string): ModelPrice | undefined {
  const exact = hasAnyKey(overrides) ? configuredPriceOf(model, overrides, backend) : undefined;
  if (exact !== undefined) return exact;
  return tablePriceOf(model);
}

const noOverrides: Readonly<Record<string, ModelPrice>> = Object.freeze({});

/**
 * Whether a prices table holds at least one entry; most configurations set none, and then no key is built
 * and looked up per request (each a new string to hash: issue 13). Remembered per table object.
 */
function hasAnyKey(table: Readonly<Record<string, ModelPrice>>): boolean {
  let hasKeys = tablesWithKeys.get(table);
  if (hasKeys === undefined) {
    hasKeys = Object.keys(table).length > 0;
    tablesWithKeys.set(table, hasKeys);
  }
  return hasKeys;
}

const tablesWithKeys = new WeakMap<object, boolean>();

function configuredPriceOf(model: string, overrides: Readonly<Record<string, ModelPrice>>, backend: string | undefined): ModelPrice | undefined {
  // Own keys only: a model named `constructor` must not find Object.prototype's.
  const own = (key: string) => (Object.hasOwn(overrides, key) ? overrides[key] : undefined);
  return (backend === undefined ? undefined : own(`${backend},${model}`)) ?? own(model) ?? own(model.slice(model.lastIndexOf('/') + 1));
}

/**
 * The table's answer per model id, remembered: every request asks, and a miss (any non-Claude
 * model) would otherwise run every pattern each time. Bounded, as ids can come from clients.
 */
const tableAnswers = new Map<string, ModelPrice | null>();
const maxTableAnswers = 512;

function tablePriceOf(model: string): ModelPrice | undefined {
  const remembered = tableAnswers.get(model);
  if (remembered !== undefined) return remembered ?? undefined;
  let price: ModelPrice | null = null;
  for (const candidate of candidatesOf(model)) {
    const found = knownModelPrices.find((entry) => entry.pattern.test(candidate));
    if (found !== undefined) {
      price = found.price;
      break;
    }
  }
  if (tableAnswers.size >= maxTableAnswers) tableAnswers.clear();
  tableAnswers.set(model, price);
  return price ?? undefined;
}
