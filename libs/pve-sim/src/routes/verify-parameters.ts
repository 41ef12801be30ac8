import { PveHttpError } from '../http/pve-http-error';
import type { RawParameter } from '../http/request-parameters';
import { formatProblem } from '../formats/named-formats';
import type { ParameterSpec, RouteParameters } from './route';

// Wording and order of checks follow PVE::JSONSchema::check_prop and check_type, so
// clients see the same `errors` entries a real node returns.

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.\d+|\d+\.|\.\d+|\d+)(?:[eE][+-]?\d+)?$/;

/** Checks every parameter and answers 400 with all per-parameter errors at once, as PVE does. */
export function verifyParameters(
  declared: RouteParameters,
  received: Readonly<Record<string, RawParameter>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const verified: Record<string, string> = {};

  for (const [name, spec] of Object.entries(declared)) {
    // `scsi[n]` stands for scsi0…scsiN, checked below as they arrive.
    if (spec.maxIndex !== undefined) continue;
    const value = received[name];
    const error = value === undefined ? missingError(spec) : valueError(spec, value, name);
    if (error !== undefined) errors[name] = error;
    else if (typeof value === 'string') verified[name] = value;
  }
  for (const [name, value] of Object.entries(received)) {
    if (Object.hasOwn(declared, name)) continue;
    const indexed = indexedSpec(declared, name);
    const error = indexed
      ? valueError(indexed, value, name)
      : 'property is not defined in schema and the schema does not allow additional properties';
    if (error !== undefined) errors[name] = error;
    else if (typeof value === 'string') verified[name] = value;
  }

  // check_object: a parameter's `requires` names another that must come with it.
  for (const [name, spec] of Object.entries(declared)) {
    if (
      spec.requires !== undefined &&
      received[name] !== undefined &&
      received[spec.requires] === undefined
    ) {
      errors[spec.requires] = `missing property required by '${name}'`;
    }
  }

  if (Object.keys(errors).length > 0) throw PveHttpError.parameters(errors);
  return verified;
}

function missingError(spec: ParameterSpec): string | undefined {
  return spec.optional ? undefined : 'property is missing and it is not optional';
}

/** The `name[n]` declaration that `scsi7` is an instance of, if its index is in range. */
function indexedSpec(declared: RouteParameters, name: string): ParameterSpec | undefined {
  const match = /^(.*?)(0|[1-9]\d*)$/.exec(name);
  const spec = match ? declared[`${match[1]}[n]`] : undefined;
  return spec?.maxIndex !== undefined && Number(match?.[2]) <= spec.maxIndex ? spec : undefined;
}

/**
 * The verified parameters of type array. RESTHandler's legacy normalisation makes a
 * single value a one-element array.
 */
export function verifiedArrays(
  declared: RouteParameters,
  received: Readonly<Record<string, RawParameter>>,
): Record<string, readonly string[]> {
  const arrays: Record<string, readonly string[]> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = received[name];
    if (spec.type !== 'array' || value === undefined) continue;
    arrays[name] = typeof value === 'string' ? [value] : 'items' in value ? (value.items ?? []) : [];
  }
  return arrays;
}

function valueError(spec: ParameterSpec, value: RawParameter, name: string): string | undefined {
  if (spec.type === 'array') {
    return typeof value === 'string' || (value.nested === 'ARRAY' && 'items' in value && value.items)
      ? undefined
      : `type check ('array') failed`;
  }
  if (typeof value !== 'string') return `type check ('${spec.type}') failed - got ${value.nested}`;
  const typeError = checkType(spec.type, value);
  if (typeError !== undefined) return typeError;

  if (spec.format !== undefined) {
    // pve_verify_vmid: the format check runs before minimum/maximum, so it answers for 99 too.
    const problem = formatProblem(spec.format, value, name);
    if (problem !== undefined) return `invalid format - ${problem}`;
  }
  if (
    spec.pattern !== undefined &&
    !new RegExp(`^(?:${spec.pattern.source})$`, spec.pattern.flags).test(value)
  ) {
    return 'value does not match the regex pattern';
  }
  if (spec.maxLength !== undefined && value.length > spec.maxLength) {
    return `value may only be ${spec.maxLength} characters long`;
  }
  if (NUMBER.test(value)) {
    const numeric = Number(value);
    if (spec.maximum !== undefined && numeric > spec.maximum) {
      return `value must have a maximum value of ${spec.maximum}`;
    }
    if (spec.minimum !== undefined && numeric < spec.minimum) {
      return `value must have a minimum value of ${spec.minimum}`;
    }
  }
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    return `value '${value}' does not have a value in the enumeration '${spec.enum.join(', ')}'`;
  }
  return undefined;
}

function checkType(type: Exclude<ParameterSpec['type'], 'array'>, value: string): string | undefined {
  const valid =
    type === 'string' ||
    (type === 'boolean' && (value === '0' || value === '1')) ||
    (type === 'integer' && INTEGER.test(value)) ||
    (type === 'number' && NUMBER.test(value));
  return valid ? undefined : `type check ('${type}') failed - got '${value}'`;
}
