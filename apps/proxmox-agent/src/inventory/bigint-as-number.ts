import type { ValueTransformer } from 'typeorm';

/**
 * A `bigint` column read as a number. pg hands bigints over as text because they can
 * exceed 2^53; byte counts and uptimes of a guest stay far below that.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
