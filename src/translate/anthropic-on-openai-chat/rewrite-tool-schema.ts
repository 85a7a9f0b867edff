/**
 * Rewrites a JSON Schema (tool `input_schema`, structured-output schema) into the dialect the
 * backend accepts.
 *
 * Gemini (native and its OpenAI endpoint) takes only a subset of OpenAPI 3.0 Schema: `type`
 * (one, plus `nullable`), `format`, `title`, `description`, `enum` (strings), `properties`,
 * `required`, `items`, `anyOf`, `minItems`/`maxItems`, `minProperties`/`maxProperties`,
 * `minLength`/`maxLength`, `pattern`, `minimum`/`maximum`, `default`, `example`,
 * `propertyOrdering`; string `format` only `enum` and `date-time`. Anything else (`$schema`,
 * `additionalProperties`, `propertyNames`, `$ref`, `const`, `oneOf`, `allOf`, tuples,
 * `exclusiveMinimum`...) makes it answer 400.
 * @see https://ai.google.dev/api/caching#Schema
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 *
 * The walk follows the JSON-Schema grammar: a keyword is only interpreted where a schema is
 * expected. Names inside `properties` and values of `default`/`enum`/`example` are data and are
 * never touched, so a property called `default`, `pattern` or `$schema` survives.
 */
import type { ModelCapabilities } from '../../models/model-capabilities.js';
import { isRecord } from '../../json/is-record.js';

type Schema = Record<string, unknown>;

/** Keywords Gemini accepts whose value is plain data (copied verbatim). */
const geminiDataKeywords = new Set([
  'title', 'description', 'nullable', 'maxItems', 'minItems', 'required', 'minProperties',
  'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'propertyOrdering', 'default',
  'minimum', 'maximum',
]);

const geminiStringFormats = new Set(['enum', 'date-time']);
const geminiNumberFormats = new Set(['float', 'double', 'int32', 'int64']);

/** Inlining `$ref`s deeper than this (recursive or pathological schemas) stops with a stub. */
const maxRefDepth = 8;

interface WalkState {
  definitions: Record<string, unknown>;
  refStack: string[];
}

const isSchemaObject: (value: unknown) => value is Schema = isRecord;

/**
 * The schema in the backend's dialect. `openai` leaves it untouched (OpenAI and most servers take
 * full JSON Schema); `gemini` rewrites it as described above. Never mutates its input.
 */
export function rewriteToolSchema(schema: Schema, dialect: ModelCapabilities['schemaDialect']): Schema {
  if (dialect === 'openai') return schema;
  const definitions = {
    ...(isSchemaObject(schema.definitions) ? schema.definitions : {}),
    ...(isSchemaObject(schema.$defs) ? schema.$defs : {}),
  };
  return rewriteGeminiSchema(schema, { definitions, refStack: [] });
}

function rewriteGeminiSchema(schema: unknown, state: WalkState): Schema {
  // `true` / `{}` accept anything; Gemini has no "any", an unconstrained object is closest.
  if (!isSchemaObject(schema)) return {};
  if (typeof schema.$ref === 'string') return inlineReference(schema, schema.$ref, state);
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    applyKeyword(out, keyword, value, state);
  }
  return finishGeminiSchema(out);
}

function applyKeyword(out: Schema, keyword: string, value: unknown, state: WalkState): void {
  switch (keyword) {
    case 'type':
      return applyType(out, value);
    case 'properties':
      return applyProperties(out, value, state);
    case 'items':
      out.items = Array.isArray(value) ? tupleAsItems(value, state) : rewriteGeminiSchema(value, state);
      return;
    case 'prefixItems':
      if (Array.isArray(value) && out.items === undefined) out.items = tupleAsItems(value, state);
      return;
    case 'anyOf':
    case 'oneOf':
      return appendAnyOf(out, value, state);
    case 'allOf':
      return mergeAllOf(out, value, state);
    case 'const':
      out.enum = [value];
      return;
    case 'enum':
      if (Array.isArray(value)) out.enum = value;
      return;
    case 'format':
      out.format = value;
      return;
    default:
      if (geminiDataKeywords.has(keyword)) out[keyword] = value;
  }
}

function applyType(out: Schema, value: unknown): void {
  if (!Array.isArray(value)) {
    out.type = value;
    return;
  }
  const types = value.filter((type) => type !== 'null');
  if (types.length !== value.length) out.nullable = true;
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) appendBranches(out, types.map((type) => ({ type })));
}

function applyProperties(out: Schema, value: unknown, state: WalkState): void {
  if (!isSchemaObject(value)) return;
  out.properties = Object.fromEntries(
    Object.entries(value).map(([name, propertySchema]) => [name, rewriteGeminiSchema(propertySchema, state)]),
  );
}

/** Gemini has no tuples: an array whose items may be any of the tuple's member schemas. */
function tupleAsItems(members: unknown[], state: WalkState): Schema {
  const rewritten = members.map((member) => rewriteGeminiSchema(member, state));
  return rewritten.length === 1 ? (rewritten[0] as Schema) : { anyOf: rewritten };
}

function appendAnyOf(out: Schema, value: unknown, state: WalkState): void {
  if (!Array.isArray(value)) return;
  const branches = value.map((branch) => rewriteGeminiSchema(branch, state));
  const nonNull = branches.filter((branch) => branch.type !== 'null');
  if (nonNull.length !== branches.length) out.nullable = true;
  appendBranches(out, nonNull);
}

function appendBranches(out: Schema, branches: Schema[]): void {
  const existing = Array.isArray(out.anyOf) ? (out.anyOf as Schema[]) : [];
  out.anyOf = [...existing, ...branches];
}

/** `allOf` is merged into the schema itself: properties and required lists are united. */
function mergeAllOf(out: Schema, value: unknown, state: WalkState): void {
  if (!Array.isArray(value)) return;
  for (const member of value) {
    const rewritten = rewriteGeminiSchema(member, state);
    for (const [keyword, memberValue] of Object.entries(rewritten)) {
      if (keyword === 'properties' && isSchemaObject(out.properties) && isSchemaObject(memberValue)) {
        out.properties = { ...out.properties, ...memberValue };
      } else if (keyword === 'required' && Array.isArray(out.required) && Array.isArray(memberValue)) {
        out.required = [...new Set([...(out.required as unknown[]), ...memberValue])];
      } else if (out[keyword] === undefined) {
        out[keyword] = memberValue;
      }
    }
  }
}

function inlineReference(schema: Schema, ref: string, state: WalkState): Schema {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  const name = match?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
  const target = name === undefined ? undefined : state.definitions[name];
  const { $ref: _ref, ...siblings } = schema;
  if (target === undefined || name === undefined) {
    return finishGeminiSchema({ type: 'object', description: describeStub(siblings, `unresolved reference ${ref}`) });
  }
  if (state.refStack.includes(name) || state.refStack.length >= maxRefDepth) {
    return { type: 'object', description: describeStub(siblings, `recursive reference to ${name}`) };
  }
  const inner = rewriteGeminiSchema(target, { ...state, refStack: [...state.refStack, name] });
  const outer = rewriteGeminiSchema(siblings, state);
  return { ...inner, ...outer };
}

function describeStub(siblings: Schema, note: string): string {
  return typeof siblings.description === 'string' ? `${siblings.description} (${note})` : `(${note})`;
}

/** Post-conditions Gemini checks: valid formats, string enums, required names that exist. */
function finishGeminiSchema(out: Schema): Schema {
  if (out.format !== undefined && !isAllowedFormat(out.type, out.format)) delete out.format;
  if (Array.isArray(out.enum)) normaliseEnum(out, out.enum);
  if (isSchemaObject(out.properties) && Object.keys(out.properties).length === 0) delete out.properties;
  if (Array.isArray(out.required)) {
    const properties = isSchemaObject(out.properties) ? out.properties : {};
    const required = out.required.filter((name) => typeof name === 'string' && Object.hasOwn(properties, name));
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  if (Array.isArray(out.anyOf) && out.anyOf.length === 0) delete out.anyOf;
  return out;
}

function isAllowedFormat(type: unknown, format: unknown): boolean {
  if (type === 'string') return geminiStringFormats.has(String(format));
  if (type === 'number' || type === 'integer') return geminiNumberFormats.has(String(format));
  return false;
}

/**
 * Gemini enums are strings on a string type. `null` members become `nullable`; other non-string
 * values cannot be expressed, so they move into the description instead of being lost.
 */
function normaliseEnum(out: Schema, values: unknown[]): void {
  const nonNull = values.filter((value) => value !== null);
  if (nonNull.length !== values.length) out.nullable = true;
  if (nonNull.length > 0 && nonNull.every((value) => typeof value === 'string')) {
    out.enum = nonNull;
    if (out.type === undefined) out.type = 'string';
    return;
  }
  delete out.enum;
  if (nonNull.length === 0) return;
  const allowed = `Allowed values: ${nonNull.map((value) => JSON.stringify(value)).join(', ')}.`;
  out.description = typeof out.description === 'string' ? `${out.description} ${allowed}` : allowed;
}
