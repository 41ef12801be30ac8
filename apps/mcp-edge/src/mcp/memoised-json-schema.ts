import type { z } from 'zod';
import { portableJsonSchema } from './portable-json-schema';

type JsonSchemaOptions = { target: string };
type StandardWithJsonSchema = {
  jsonSchema: Record<'input' | 'output', (options: JsonSchemaOptions) => Record<string, unknown>>;
};

/**
 * A copy of `schema` whose JSON Schema is computed once, in its portable form
 * (portable-json-schema.ts). The MCP SDK builds a server per
 * request and converts every tool's zod schemas to JSON Schema each time (it reads
 * `~standard.jsonSchema`); profiling showed that conversion as the largest avoidable
 * cost of a tool call. Validation is still zod's, with zod's messages.
 */
export function memoiseJsonSchema<S extends z.ZodType>(schema: S): S {
  const copy = schema.clone() as S;
  const standard = copy['~standard'] as unknown as StandardWithJsonSchema & Record<string, unknown>;
  const memo = new Map<string, Record<string, unknown>>();
  const memoised =
    (io: 'input' | 'output') =>
    (options: JsonSchemaOptions): Record<string, unknown> => {
      const key = `${io}:${options.target}`;
      let json = memo.get(key);
      if (!json) {
        json = portableJsonSchema(standard.jsonSchema[io](options));
        memo.set(key, json);
      }
      return json;
    };
  Object.defineProperty(copy, '~standard', {
    value: { ...standard, jsonSchema: { input: memoised('input'), output: memoised('output') } },
    enumerable: false,
  });
  return copy;
}
