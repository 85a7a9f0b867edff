/**
 * The schema of capability overrides (`MODEL_CAPABILITIES`, later the config file's `models`):
 * every key of `ModelCapabilities`, each optional, unknown keys refused. Valibot is
 * runtime-neutral (Node and Workers), infers the type, and names the failing path.
 * @see https://valibot.dev/guides/issues/
 */
import * as v from 'valibot';
import type { ModelCapabilities } from '../models/model-capabilities.js';
import { ConfigError } from './config-error.js';

const tokenCount = v.pipe(v.number(), v.integer(), v.minValue(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const capabilityOverridesSchema = v.strictObject({
  contextWindow: v.optional(tokenCount),
  maxOutputTokens: v.optional(tokenCount),
  vision: v.optional(v.boolean()),
  pdf: v.optional(v.boolean()),
  reasoningEffort: v.optional(v.boolean()),
  reasoningEcho: v.optional(v.picklist(['none', 'reasoning_content', 'reasoning_details', 'thought_signature'])),
  maxTokensField: v.optional(v.picklist(['max_tokens', 'max_completion_tokens'])),
  toolChoice: v.optional(v.boolean()),
  schemaDialect: v.optional(v.picklist(['openai', 'gemini'])),
  samplingParams: v.optional(v.boolean()),
  userFieldMaxLength: v.optional(count),
  midConversationSystem: v.optional(v.boolean()),
  structuredOutputs: v.optional(v.boolean()),
  jsonMode: v.optional(v.boolean()),
  maxStopSequences: v.optional(count),
  thinkingForm: v.optional(v.picklist(['adaptive', 'budget'])),
  webSearch: v.optional(v.picklist(['none', 'openrouter', 'openai-search-options'])),
});

/** Model id -> overrides. */
export const modelCapabilitiesSchema = v.record(v.string(), capabilityOverridesSchema);

type Overrides = v.InferOutput<typeof capabilityOverridesSchema>;
// Both directions: the schema covers exactly the capability keys, with the same value types.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesCapabilities: Exact<Required<Overrides>, Required<ModelCapabilities>> = true;
void schemaMatchesCapabilities;

/** `MODEL_CAPABILITIES["m"].vision` for the issue path `["m", "vision"]`. */
function pathOf(source: string, issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((item) => String(item.key)) ?? [];
  const [model, ...rest] = keys;
  if (model === undefined) return source;
  return `${source}[${JSON.stringify(model)}]${rest.map((key) => `.${key}`).join('')}`;
}

function describe(issue: v.BaseIssue<unknown>): string {
  // valibot reports a key a strict object does not know as expected `never`.
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return `is not a capability (known: ${Object.keys(capabilityOverridesSchema.entries).join(', ')})`;
  }
  return `must be ${issue.expected ?? 'valid'}, got ${issue.received}`;
}

/** Validates parsed JSON as model id -> capability overrides; a ConfigError names each bad path. */
export function parseModelCapabilityOverrides(value: unknown, source: string): Record<string, Partial<ModelCapabilities>> {
  const result = v.safeParse(modelCapabilitiesSchema, value);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${pathOf(source, issue)} ${describe(issue)}`);
  throw new ConfigError(`${source} is not valid: ${problems.join('; ')}`);
}
