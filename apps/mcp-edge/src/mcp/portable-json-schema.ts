/**
 * Tool schemas in the JSON Schema subset every MCP client reads. zod writes a nullable or
 * multi-type value as `type: ["string", "null"]`, and an unknown value as `{}`; clients
 * that map tool schemas onto a single-`type` dialect (OpenAPI-style function
 * declarations) reject the first and learn nothing from the second. Here `type` arrays
 * become `anyOf` branches of one type each, and an untyped value becomes an explicit
 * "any JSON value". The MCP Inspector's `--strict` check (and `portable-schemas.spec.ts`)
 * hold every tool to this.
 */

type Schema = Record<string, unknown>;

/** Keywords that constrain a value (the Inspector's CONSTRAINING_KEYWORDS); a schema without any accepts anything. */
export const CONSTRAINING_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxContains',
  'minContains',
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'items',
  'prefixItems',
  'contains',
  'additionalItems',
  'unevaluatedItems',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'dependentSchemas',
  'dependencies',
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
]);
const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'default',
]);
const SUBSCHEMA = ['items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'additionalItems'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** Any JSON value, each kind its own single-typed branch; a free-form object says so. */
const ANY_JSON_VALUE: readonly Schema[] = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'null' },
  { type: 'array' },
  { type: 'object', additionalProperties: true },
];

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function annotationsOf(node: Schema): Schema {
  return Object.fromEntries(Object.entries(node).filter(([key]) => ANNOTATIONS.has(key)));
}

export function portableJsonSchema(node: Schema): Schema {
  const result: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (SUBSCHEMA.includes(key) && isSchema(value)) result[key] = portableJsonSchema(value);
    else if (key === 'additionalProperties' && isSchema(value)) result[key] = portableJsonSchema(value);
    else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value))
      result[key] = value.map((item) => (isSchema(item) ? portableJsonSchema(item) : item));
    else if (SUBSCHEMA_MAPS.includes(key) && isSchema(value))
      result[key] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, isSchema(item) ? portableJsonSchema(item) : item]),
      );
    else result[key] = value;
  }
  if (Array.isArray(result['type'])) return splitTypes(result, result['type'] as string[]);
  if (!Object.keys(result).some((key) => CONSTRAINING_KEYWORDS.has(key))) {
    return { ...annotationsOf(result), anyOf: ANY_JSON_VALUE.map((branch) => ({ ...branch })) };
  }
  return result;
}

/** `{type: [a, b], …}` as `{anyOf: [{type: a, …}, {type: b, …}]}`; a `null` branch carries nothing else. */
function splitTypes(node: Schema, types: readonly string[]): Schema {
  const keywords = Object.fromEntries(
    Object.entries(node).filter(([key]) => key !== 'type' && !ANNOTATIONS.has(key)),
  );
  return {
    ...annotationsOf(node),
    anyOf: types.map((type) => (type === 'null' ? { type } : { ...keywords, type })),
  };
}
