import { describe, expect, it } from 'vitest';
import { rewriteToolSchema } from './rewrite-tool-schema.js';

const gemini = (schema: Record<string, unknown>) => rewriteToolSchema(schema, 'gemini');

describe('rewriteToolSchema', () => {
  it('leaves schemas untouched for the openai dialect', () => {
    const schema = { $schema: 'x', type: 'object', additionalProperties: false, properties: { a: { const: 1 } } };
    expect(rewriteToolSchema(schema, 'openai')).toBe(schema);
  });

  it('removes keywords Gemini rejects at every depth', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'x',
      $comment: 'c',
      type: 'object',
      additionalProperties: false,
      propertyNames: { pattern: '^a' },
      properties: {
        list: { type: 'array', items: { type: 'object', additionalProperties: { type: 'string' }, properties: { n: { type: 'integer', exclusiveMinimum: 0, examples: [1] } } } },
      },
    };
    expect(gemini(schema)).toEqual({
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } } },
    });
  });

  it('never touches properties named like keywords', () => {
    const keywordNamed = Object.fromEntries(
      ['default', 'pattern', 'title', 'const', '$schema', 'additionalProperties', 'format', 'items', 'properties'].map((name) => [name, { type: 'string', description: name }]),
    );
    const schema = { type: 'object', properties: keywordNamed, required: ['default', '$schema'] };
    expect(gemini(schema)).toEqual(schema);
  });

  it('keeps data values verbatim (default, enum)', () => {
    const schema = { type: 'object', properties: { mode: { type: 'string', default: '$schema', enum: ['additionalProperties', 'const'] } } };
    expect(gemini(schema)).toEqual(schema);
  });

  it('turns const into enum and nullable unions into nullable', () => {
    expect(gemini({ const: 'x' })).toEqual({ enum: ['x'], type: 'string' });
    expect(gemini({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
    expect(gemini({ anyOf: [{ type: 'integer' }, { type: 'null' }] })).toEqual({ anyOf: [{ type: 'integer' }], nullable: true });
    expect(gemini({ oneOf: [{ type: 'string' }, { type: 'number' }] })).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] });
  });

  it('keeps only formats Gemini accepts', () => {
    expect(gemini({ type: 'string', format: 'date-time' })).toEqual({ type: 'string', format: 'date-time' });
    expect(gemini({ type: 'string', format: 'uri' })).toEqual({ type: 'string' });
    expect(gemini({ type: 'integer', format: 'int64' })).toEqual({ type: 'integer', format: 'int64' });
  });

  it('moves non-string enums into the description', () => {
    expect(gemini({ type: 'integer', enum: [1, 2], description: 'Level.' })).toEqual({ type: 'integer', description: 'Level. Allowed values: 1, 2.' });
  });

  it('inlines local $refs and stops at recursion', () => {
    const schema = {
      type: 'object',
      $defs: { Node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/Node' } } } },
      properties: { root: { $ref: '#/$defs/Node', description: 'The root' } },
    };
    expect(gemini(schema)).toEqual({
      type: 'object',
      properties: {
        root: {
          type: 'object',
          description: 'The root',
          properties: { name: { type: 'string' }, child: { type: 'object', description: '(recursive reference to Node)' } },
        },
      },
    });
  });

  it('merges allOf and turns tuples into items', () => {
    expect(gemini({ allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } }, required: ['b'] }] })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
    expect(gemini({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] })).toEqual({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } });
  });

  it('drops required names without a property and does not mutate its input', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'ghost'], additionalProperties: false };
    const snapshot = structuredClone(schema);
    expect(gemini(schema)).toEqual({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
    expect(schema).toEqual(snapshot);
  });
});
