import { TOOL_CATALOG } from '../tools/tool-catalog';
import { toolSchemas } from './mcp-server-factory';
import { CONSTRAINING_KEYWORDS, portableJsonSchema } from './portable-json-schema';

// The MCP Inspector's `--strict` portability rules, held for every tool's schemas as
// tools/list sends them: no `type` arrays (one type per schema, nullable as an anyOf
// branch), no schema without a constraining keyword, no bare boolean schema, no remote
// $ref, and every object saying what else it takes (additionalProperties present: false,
// a schema, or `true` for a deliberately free-form object).

type Schema = Record<string, unknown>;

const BOOLEAN_ALLOWED = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'additionalItems',
  'unevaluatedItems',
]);

/** Every problem with one schema node and its subschemas, by JSON path. */
function problems(node: unknown, path: string, keyword?: string): string[] {
  if (typeof node === 'boolean')
    return keyword && BOOLEAN_ALLOWED.has(keyword) ? [] : [`${path}: bare boolean schema`];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  const schema = node as Schema;
  const found: string[] = [];
  if (Array.isArray(schema['type']))
    found.push(`${path}: type is an array (${JSON.stringify(schema['type'])})`);
  if (keyword !== 'not' && ![...CONSTRAINING_KEYWORDS].some((key) => key in schema))
    found.push(`${path}: no constraining keyword`);
  if (typeof schema['$ref'] === 'string' && !schema['$ref'].startsWith('#'))
    found.push(`${path}: remote $ref`);
  if ((schema['type'] === 'object' || 'properties' in schema) && !('additionalProperties' in schema)) {
    found.push(`${path}: object without additionalProperties`);
  }
  for (const key of [
    'items',
    'not',
    'contains',
    'propertyNames',
    'if',
    'then',
    'else',
    'additionalProperties',
    'additionalItems',
  ]) {
    if (key in schema) found.push(...problems(schema[key], `${path}.${key}`, key));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((item, index) => found.push(...problems(item, `${path}.${key}[${index}]`, key)));
  }
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions']) {
    const map = schema[key];
    if (typeof map === 'object' && map !== null) {
      for (const [name, item] of Object.entries(map))
        found.push(...problems(item, `${path}.${key}.${name}`, key));
    }
  }
  return found;
}

const asClientSees = (schema: { '~standard': unknown }, io: 'input' | 'output'): Schema =>
  (
    schema['~standard'] as { jsonSchema: Record<typeof io, (options: { target: string }) => Schema> }
  ).jsonSchema[io]({
    target: 'draft-2020-12',
  });

describe('portable tool schemas', () => {
  it.each(TOOL_CATALOG.map((tool) => [tool.name, tool] as const))(
    'should keep %s to the strict subset',
    (_name, tool) => {
      const { inputSchema, outputSchema } = toolSchemas(tool);

      expect([
        ...problems(asClientSees(inputSchema, 'input'), 'inputSchema'),
        ...problems(asClientSees(outputSchema, 'output'), 'outputSchema'),
      ]).toEqual([]);
    },
  );

  it('should split a type array into single-typed anyOf branches, the null branch bare', () => {
    expect(portableJsonSchema({ description: 'a name', type: ['string', 'null'], maxLength: 5 })).toEqual({
      description: 'a name',
      anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }],
    });
  });

  it('should spell out an untyped value as any JSON value', () => {
    const any = portableJsonSchema({ description: 'the message data' });

    expect(any['description']).toBe('the message data');
    expect((any['anyOf'] as Schema[]).map((branch) => branch['type'])).toEqual([
      'string',
      'number',
      'boolean',
      'null',
      'array',
      'object',
    ]);
  });

  it('should leave a schema that is already portable as it is', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    };

    expect(portableJsonSchema(schema)).toEqual(schema);
  });
});
