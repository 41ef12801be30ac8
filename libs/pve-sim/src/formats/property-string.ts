import { formatSize, parseSize } from './disk-size';

// PVE's property strings (`virtio=BC:24:11:00:00:64,bridge=vmbr0,firewall=1`), written from
// pve-common PVE::JSONSchema parse_property_string, check_object and print_property_string.
// Messages keep PVE's wording, since they reach API clients inside 400 `errors` entries.

export type PropertyValueType = 'string' | 'integer' | 'number' | 'boolean';

/** One key of a property-string format, in the terms PVE's format hashes use. */
export interface PropertyKeySpec {
  readonly type?: PropertyValueType;
  /** PVE format keys are required unless marked optional. */
  readonly optional?: boolean;
  /** The key a value without `key=` belongs to (`local-lvm:32` is the drive's `file`). */
  readonly defaultKey?: boolean;
  /** `virtio=<mac>` sets `macaddr` (alias) and records `virtio` as the `model` (keyAlias). */
  readonly alias?: string;
  readonly keyAlias?: string;
  readonly enum?: readonly string[];
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly maximum?: number;
  /** `disk-size` values are printed with PVE's format_size (`34359738368` → `32G`). */
  readonly diskSize?: boolean;
  /** A named sub-format check; returns PVE's message when the value does not fit. */
  readonly check?: (value: string) => string | undefined;
}

export type PropertyFormat = Readonly<Record<string, PropertyKeySpec>>;

/** A parsed property string: canonical key → value, as text. */
export type PropertyValues = Record<string, string>;

/** A property string PVE would refuse; `message` is what follows "invalid format - ". */
export class PropertyStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyStringError';
  }
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.\d+|\d+\.|\.\d+|\d+)(?:[eE][+-]?\d+)?$/;

/** PVE::JSONSchema::parse_property_string followed by its check_object. */
export function parsePropertyString(format: PropertyFormat, text: string, path?: string): PropertyValues {
  const values: PropertyValues = {};
  let defaultKeySeen: string | undefined;
  for (const part of text.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const pair = /^([^=]+)=(.+)$/s.exec(part);
    if (pair) {
      let key = pair[1] ?? '';
      const value = pair[2] ?? '';
      if (values[key] !== undefined) fail(`duplicate key in comma-separated list property: ${key}`);
      let spec = format[key];
      if (spec?.alias !== undefined) {
        if (spec.keyAlias !== undefined) {
          if (values[spec.keyAlias] !== undefined) fail(`key alias '${spec.keyAlias}' is already defined`);
          values[spec.keyAlias] = key;
        }
        key = spec.alias;
        spec = format[key];
        if (values[key] !== undefined) fail(`key '${key}' is already defined (via alias)`);
      }
      if (!spec) fail(`invalid key in comma-separated list property: ${key}`);
      values[key] = spec.type === 'boolean' ? normalizeBoolean(value) : value;
    } else if (!part.includes('=')) {
      if (defaultKeySeen !== undefined)
        fail(`duplicate key in comma-separated list property: ${defaultKeySeen}`);
      const defaultKey = Object.keys(format).find((key) => format[key]?.defaultKey);
      if (defaultKey === undefined) fail('value without key, but schema does not define a default key');
      defaultKeySeen = defaultKey;
      if (values[defaultKey] !== undefined)
        fail(`duplicate key in comma-separated list property: ${defaultKey}`);
      values[defaultKey] = format[defaultKey]?.type === 'boolean' ? normalizeBoolean(part) : part;
    } else {
      fail('missing key in comma-separated list property');
    }
  }

  const errors = checkValues(format, values, path);
  // PVE::Exception's text: the message, then one `path: error` line per error.
  if (errors.length > 0) throw new PropertyStringError(`format error\n${errors.join('')}`);
  return values;
}

/** Whether `text` parses; the reason in PVE's words otherwise. */
export function propertyStringProblem(
  format: PropertyFormat,
  text: string,
  path?: string,
): string | undefined {
  try {
    parsePropertyString(format, text, path);
    return undefined;
  } catch (error: unknown) {
    if (error instanceof PropertyStringError) return error.message;
    throw error;
  }
}

/**
 * PVE::JSONSchema::print_property_string: the default key first (bare, or combined with
 * its key alias as `virtio=<mac>`), then required keys, then the rest, each group sorted.
 */
export function printPropertyString(values: Readonly<PropertyValues>, format: PropertyFormat): string {
  const defaultKey = Object.keys(format).find((key) => format[key]?.defaultKey);
  const keyAliases = new Map<string, string>();
  for (const spec of Object.values(format)) {
    if (spec.alias !== undefined && spec.keyAlias !== undefined) keyAliases.set(spec.keyAlias, spec.alias);
  }
  const done = new Set<string>();
  const parts: string[] = [];
  const add = (key: string, bare: boolean) => {
    if (done.has(key)) return;
    done.add(key);
    const value = values[key];
    if (value === undefined) return;
    const combined = keyAliases.get(key);
    const combinedValue = combined === undefined ? undefined : values[combined];
    if (combined !== undefined && combinedValue !== undefined) {
      parts.push(`${printValue(key, value, format)}=${printValue(combined, combinedValue, format)}`);
      done.add(combined);
      return;
    }
    if (!format[key]) throw new Error(`invalid key '${key}'`);
    parts.push(bare ? printValue(key, value, format) : `${key}=${printValue(key, value, format)}`);
  };
  if (defaultKey !== undefined) add(defaultKey, true);
  const keys = Object.keys(values).sort();
  for (const key of keys) if (format[key] && !format[key]?.optional) add(key, false);
  for (const key of keys) add(key, false);
  return parts.join(',');
}

function printValue(key: string, value: string, format: PropertyFormat): string {
  if (format[key]?.diskSize) {
    const bytes = parseSize(value);
    return bytes === undefined ? value : formatSize(bytes);
  }
  if (value.includes(',')) throw new Error(`illegal value with commas for ${key}`);
  return value;
}

function checkValues(format: PropertyFormat, values: PropertyValues, path: string | undefined): string[] {
  const errors = new Map<string, string>();
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, spec] of Object.entries(format)) {
    const value = values[key];
    if (value === undefined) {
      if (!spec.optional && spec.alias === undefined)
        errors.set(at(key), 'property is missing and it is not optional');
      continue;
    }
    const problem = valueProblem(spec, value);
    if (problem !== undefined) errors.set(at(key), problem);
  }
  for (const key of Object.keys(values)) {
    if (!format[key])
      errors.set(
        at(key),
        'property is not defined in schema and the schema does not allow additional properties',
      );
  }
  return [...errors.keys()].sort().map((key) => `${key}: ${errors.get(key)}\n`);
}

function valueProblem(spec: PropertyKeySpec, value: string): string | undefined {
  const type = spec.type ?? 'string';
  const typeOk =
    type === 'string' ||
    (type === 'boolean' && (value === '0' || value === '1')) ||
    (type === 'integer' && INTEGER.test(value)) ||
    (type === 'number' && NUMBER.test(value));
  if (!typeOk) return `type check ('${type}') failed - got '${value}'`;
  if (spec.check) {
    const problem = spec.check(value);
    if (problem !== undefined) return `invalid format - ${problem}`;
  }
  if (spec.pattern && !spec.pattern.test(value)) return 'value does not match the regex pattern';
  if (NUMBER.test(value) && type !== 'string') {
    if (spec.maximum !== undefined && Number(value) > spec.maximum)
      return `value must have a maximum value of ${spec.maximum}`;
    if (spec.minimum !== undefined && Number(value) < spec.minimum)
      return `value must have a minimum value of ${spec.minimum}`;
  }
  if (spec.enum && !spec.enum.includes(value))
    return `value '${value}' does not have a value in the enumeration '${spec.enum.join(', ')}'`;
  return undefined;
}

/** PVE::JSONSchema::parse_boolean, keeping what it cannot read for the type check to report. */
function normalizeBoolean(value: string): string {
  if (/^(?:1|on|yes|true)$/i.test(value)) return '1';
  if (/^(?:0|off|no|false)$/i.test(value)) return '0';
  return value;
}

function fail(message: string): never {
  throw new PropertyStringError(`${message}\n`);
}
