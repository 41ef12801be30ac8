import { PveHttpError } from '../http/pve-http-error';
import type { RawParameter } from '../http/request-parameters';
import type { ParameterFormat, ParameterSpec, RouteParameters } from './route';

// Wording and order of checks follow PVE::JSONSchema::check_prop and check_type, so
// clients see the same `errors` entries a real node returns.

const FORMAT_CHECKS: Record<ParameterFormat, { pattern: RegExp; message: string }> = {
  // pve_verify_vmid: the format check runs before minimum/maximum, so it answers for 99 too.
  'pve-vmid': { pattern: /^[1-9][0-9]{2,8}$/, message: 'value does not look like a valid VM ID\n' },
  'pve-node': {
    pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    message: 'value does not look like a valid node name\n',
  },
};

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
    const value = received[name];
    const error = value === undefined ? missingError(spec) : valueError(spec, value);
    if (error !== undefined) errors[name] = error;
    else if (typeof value === 'string') verified[name] = value;
  }
  for (const name of Object.keys(received)) {
    if (!Object.hasOwn(declared, name)) {
      errors[name] = 'property is not defined in schema and the schema does not allow additional properties';
    }
  }

  if (Object.keys(errors).length > 0) throw PveHttpError.parameters(errors);
  return verified;
}

function missingError(spec: ParameterSpec): string | undefined {
  return spec.optional ? undefined : 'property is missing and it is not optional';
}

function valueError(spec: ParameterSpec, value: RawParameter): string | undefined {
  if (typeof value !== 'string') return `type check ('${spec.type}') failed - got ${value.nested}`;
  const typeError = checkType(spec.type, value);
  if (typeError !== undefined) return typeError;

  if (spec.format !== undefined) {
    const format = FORMAT_CHECKS[spec.format];
    if (!format.pattern.test(value)) return `invalid format - ${format.message}`;
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

function checkType(type: ParameterSpec['type'], value: string): string | undefined {
  const valid =
    type === 'string' ||
    (type === 'boolean' && (value === '0' || value === '1')) ||
    (type === 'integer' && INTEGER.test(value)) ||
    (type === 'number' && NUMBER.test(value));
  return valid ? undefined : `type check ('${type}') failed - got '${value}'`;
}
