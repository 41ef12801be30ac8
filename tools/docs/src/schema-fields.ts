import { z } from 'zod';

/** One field of an object schema, as a reader of the docs needs it. */
export interface SchemaField {
  name: string;
  type: string;
  required: boolean;
  description: string;
  /** The value zod fills in when the field is absent, if the schema has one. */
  default?: unknown;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
};

/** What a value may be, in a few words: `integer 100–999999999`, `` `qemu`, `lxc` ``, `string list`. */
function typeLabel(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(', ');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeLabel).join(' or ');
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  if (schema.type === 'array') return `${schema.items ? typeLabel(schema.items) : 'any'} list`;
  if (schema.type === 'integer' || schema.type === 'number') {
    // zod gives every integer the safe-integer range; only a range the schema chose says something.
    const bound = (value: number | undefined) =>
      value === undefined || Math.abs(value) === Number.MAX_SAFE_INTEGER ? undefined : value;
    const [min, max] = [bound(schema.minimum), bound(schema.maximum)];
    if (min !== undefined && max !== undefined) return `${schema.type} ${min}–${max}`;
    if (min !== undefined) return `${schema.type} ≥ ${min}`;
    return max !== undefined ? `${schema.type} ≤ ${max}` : schema.type;
  }
  return schema.type ?? 'any';
}

/** The default of a field, looked for through the wrappers (`.optional()`, `.describe()` …) around it. */
function defaultOf(schema: z.ZodType): unknown {
  const def = schema.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
  if (def.type === 'default') return def.defaultValue;
  return def.innerType ? defaultOf(def.innerType) : undefined;
}

/**
 * The top-level fields of an object schema (of every variant, for a union of objects: a
 * field is required when every variant requires it), in declaration order. Types and
 * descriptions come from zod's JSON Schema of what a sender writes (`io: 'input'`).
 */
export function schemaFields(schema: z.ZodType): SchemaField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const variants = json.anyOf ?? json.oneOf ?? [json];
  const shapes = (schema as { shape?: Record<string, z.ZodType> }).shape;
  const fields = new Map<string, { schemas: JsonSchema[]; requiredIn: number }>();
  for (const variant of variants) {
    for (const [name, property] of Object.entries(variant.properties ?? {})) {
      const field = fields.get(name) ?? { schemas: [], requiredIn: 0 };
      field.schemas.push(property);
      if (variant.required?.includes(name)) field.requiredIn += 1;
      fields.set(name, field);
    }
  }
  return [...fields].map(([name, field]) => {
    const labels = [...new Set(field.schemas.map(typeLabel))];
    const fieldDefault = shapes?.[name] ? defaultOf(shapes[name]) : undefined;
    return {
      name,
      type: labels.join(' or '),
      required: field.requiredIn === variants.length,
      description: field.schemas.find((property) => property.description)?.description ?? '',
      ...(fieldDefault === undefined ? {} : { default: fieldDefault }),
    };
  });
}
