import { BPG_PROXMOX_SCHEMA, type SchemaBlock, type SchemaType } from '../provider-schema/provider-schema';
import type { HclJson } from './hcl-parse';

/** One problem, where it is: `proxmox_virtual_environment_vm.web.disk[0].size`. */
export interface SchemaFinding {
  address: string;
  message: string;
}

// Meta-arguments Terraform accepts on every resource.
const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
// hcl2json writes every expression that is not a literal as "${…}".
const isExpression = (value: unknown): boolean => typeof value === 'string' && /^\$\{[\s\S]*\}$/.test(value);

function typeName(type: SchemaType): string {
  if (typeof type === 'string') return type;
  const [kind, element] = type;
  return kind === 'object' ? 'object' : `${kind}(${typeName(element as SchemaType)})`;
}

/** Whether a literal fits the attribute's type (expressions are Terraform's to check). */
function fits(value: unknown, type: SchemaType): boolean {
  if (isExpression(value)) return true;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
      case 'number':
        return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
      case 'bool':
        return typeof value === 'boolean' || value === 'true' || value === 'false';
      default:
        return true;
    }
  }
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set') {
    return Array.isArray(value) && value.every((item) => fits(item, element as SchemaType));
  }
  if (kind === 'map') {
    return isObject(value) && Object.values(value).every((item) => fits(item, element as SchemaType));
  }
  if (kind === 'object') {
    const fields = element as Record<string, SchemaType>;
    return (
      isObject(value) &&
      Object.entries(value).every(([key, item]) => fields[key] !== undefined && fits(item, fields[key]))
    );
  }
  return true;
}

function checkBlock(
  body: Record<string, unknown>,
  schema: SchemaBlock,
  address: string,
  top: boolean,
): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  for (const [name, value] of Object.entries(body)) {
    const attribute = schema.attributes[name];
    const nested = schema.block_types[name];
    if (top && (META_ATTRIBUTES.has(name) || META_BLOCKS.has(name))) continue;
    if (attribute) {
      // A list-of-objects attribute (SDKv2's "attribute as block") may be written as blocks.
      if (!fits(value, attribute.type)) {
        findings.push({ address: `${address}.${name}`, message: `expected ${typeName(attribute.type)}` });
      } else if (attribute.computed && !attribute.optional && !attribute.required) {
        findings.push({
          address: `${address}.${name}`,
          message: 'is computed by the provider and cannot be set',
        });
      }
    } else if (nested) {
      const items = Array.isArray(value) ? value : [value];
      if (nested.max_items !== undefined && items.length > nested.max_items) {
        findings.push({
          address: `${address}.${name}`,
          message: `at most ${nested.max_items} block${nested.max_items === 1 ? '' : 's'} allowed, found ${items.length}`,
        });
      }
      items.forEach((item, index) => {
        if (isObject(item))
          findings.push(...checkBlock(item, nested.block, `${address}.${name}[${index}]`, false));
        else findings.push({ address: `${address}.${name}`, message: 'expected a block' });
      });
    } else {
      findings.push({
        address: `${address}.${name}`,
        message: 'is not an argument or block of this resource',
      });
    }
  }
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (attribute.required && !(name in body)) {
      findings.push({ address: `${address}.${name}`, message: 'is required' });
    }
  }
  for (const [name, nested] of Object.entries(schema.block_types)) {
    const count = Array.isArray(body[name]) ? (body[name] as unknown[]).length : body[name] ? 1 : 0;
    if (nested.min_items && count < nested.min_items) {
      findings.push({
        address: `${address}.${name}`,
        message: `needs at least ${nested.min_items} block(s)`,
      });
    }
  }
  return findings;
}

/**
 * Holds every `proxmox_virtual_environment_*` resource in a parsed file to the pinned
 * provider's schema: unknown arguments, missing required ones, wrong literal types,
 * too many blocks, computed-only attributes set. Other resources are not judged.
 */
export function checkAgainstProviderSchema(parsed: HclJson): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const resources = isObject(parsed['resource']) ? parsed['resource'] : {};
  for (const [type, byName] of Object.entries(resources)) {
    if (!type.startsWith('proxmox_virtual_environment_')) continue;
    const schema = BPG_PROXMOX_SCHEMA.resources[type];
    for (const [name, bodies] of Object.entries(isObject(byName) ? byName : {})) {
      if (!schema) {
        findings.push({
          address: `${type}.${name}`,
          message: `bpg/proxmox ${BPG_PROXMOX_SCHEMA.version} has no resource type ${type} in the checked schema`,
        });
        continue;
      }
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
        if (isObject(body)) findings.push(...checkBlock(body, schema.block, `${type}.${name}`, true));
      }
    }
  }
  return findings;
}
