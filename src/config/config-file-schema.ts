/**
 * The schema of the configuration file (`claude-proxy.yaml`), in valibot like the environment's
 * values: runtime-neutral, typed, and each issue names its key path. Objects are strict, so a
 * misspelt key is an error instead of a silently ignored setting. Values here are after `${ENV}`
 * references were resolved (`resolve-env-references.ts`).
 * @see https://valibot.dev/guides/objects/
 */
import * as v from 'valibot';
import { backendPresetNames } from './backend-presets.js';
import { capabilityOverridesSchema } from './model-capabilities-schema.js';
import { modelPricesSchema } from './model-prices-schema.js';

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const wholeNumber = v.pipe(v.number(), v.integer(), v.minValue(0));
const nonEmptyString = v.pipe(v.string(), v.trim(), v.nonEmpty());

/** `backend,model`. */
const targetString = v.pipe(
  v.string(),
  v.check((value) => /^[^,\s][^,]*,\s*\S/.test(value), 'a target is "backend,model", e.g. "deepseek,deepseek-chat"'),
);

/** One target or a fallback chain of them, in order. */
const targets = v.union([targetString, v.pipe(v.array(targetString), v.minLength(1))], 'a target ("backend,model") or a list of them');

const timeoutsSchema = v.strictObject({
  connectMs: v.optional(positiveInt),
  headersMs: v.optional(positiveInt),
  bodyIdleMs: v.optional(positiveInt),
  totalMs: v.optional(positiveInt),
});

const backendSchema = v.strictObject({
  preset: v.optional(v.picklist(backendPresetNames, `a preset: ${backendPresetNames.join(', ')}`)),
  kind: v.optional(v.picklist(['openai', 'anthropic'], 'openai or anthropic')),
  baseUrl: v.optional(nonEmptyString),
  apiKey: v.optional(nonEmptyString),
  /** Several keys, used in turn. */
  apiKeys: v.optional(v.pipe(v.array(nonEmptyString), v.minLength(1))),
  headers: v.optional(v.record(v.string(), v.string())),
  /** It serves the Responses API itself (default: true for the openai preset): Codex is passed through. */
  responsesApi: v.optional(v.boolean()),
  timeouts: v.optional(timeoutsSchema),
  /** Capabilities of this backend's models (`qwen3:32b: { contextWindow: 32768 }`). */
  models: v.optional(v.record(v.string(), capabilityOverridesSchema)),
});

const routesSchema = v.strictObject({
  default: v.optional(targets),
  background: v.optional(targets),
  think: v.optional(targets),
  longContext: v.optional(
    v.union([
      targets,
      v.strictObject({
        target: targets,
        thresholdTokens: v.optional(positiveInt),
      }),
    ], 'a target, a list of targets, or { target, thresholdTokens }'),
  ),
  webSearch: v.optional(targets),
  image: v.optional(targets),
});

const ruleSchema = v.strictObject({
  name: v.optional(nonEmptyString),
  match: v.strictObject({
    model: v.optional(nonEmptyString),
  }),
  target: targets,
});

const accessKeySchema = v.strictObject({
  name: nonEmptyString,
  key: v.pipe(v.string(), v.minLength(8, 'an access key has at least 8 characters')),
  routes: v.optional(v.array(nonEmptyString)),
  backends: v.optional(v.array(nonEmptyString)),
});

export const configFileSchema = v.strictObject({
  listen: v.optional(
    v.strictObject({
      host: v.optional(nonEmptyString),
      port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
    }),
  ),
  logLevel: v.optional(v.picklist(['silent', 'info', 'debug'])),
  /** Unset: text on a terminal, JSON lines otherwise. */
  logFormat: v.optional(v.picklist(['text', 'json'])),
  /** Listening beyond loopback with no access keys: only when the network is the user's alone. */
  allowOpenAccess: v.optional(v.boolean()),
  accessKeys: v.optional(v.array(accessKeySchema)),
  /** Opens /metrics and the dashboard when access keys are on. */
  adminKey: v.optional(v.pipe(v.string(), v.minLength(8, 'an admin key has at least 8 characters'))),
  backends: v.pipe(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]+$/, 'a backend name of letters, digits, _ . : -')), backendSchema)),
  routes: routesSchema,
  rules: v.optional(v.array(ruleSchema)),
  /** Claude model for OpenAI clients whose model name is not a Claude one. */
  claudeModel: v.optional(nonEmptyString),
  /** Global capability overrides by model id. */
  models: v.optional(v.record(v.string(), capabilityOverridesSchema)),
  /** USD per million tokens by backend model id (or `backend,model`), for each request's estimated cost. */
  prices: v.optional(modelPricesSchema),
  timeouts: v.optional(timeoutsSchema),
  retry: v.optional(
    v.strictObject({
      retries: v.optional(wholeNumber),
      baseDelayMs: v.optional(positiveInt),
      maxDelayMs: v.optional(positiveInt),
      maxRetryAfterMs: v.optional(wholeNumber),
      cooldownAfterFailures: v.optional(positiveInt),
      cooldownMs: v.optional(wholeNumber),
    }),
  ),
  limits: v.optional(v.strictObject({ maxBodyBytes: v.optional(positiveInt) })),
  pingIntervalMs: v.optional(positiveInt),
  allowedOrigins: v.optional(v.array(nonEmptyString)),
  allowedHosts: v.optional(v.array(nonEmptyString)),
  urlRouting: v.optional(
    v.strictObject({
      enabled: v.optional(v.boolean()),
      allowHosts: v.optional(v.array(nonEmptyString)),
      allowPrivateAddresses: v.optional(v.boolean()),
    }),
  ),
});

export type ConfigFile = v.InferOutput<typeof configFileSchema>;
export type ConfigFileBackend = v.InferOutput<typeof backendSchema>;
