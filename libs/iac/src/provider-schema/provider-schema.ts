import schemaJson from './bpg-proxmox.schema.json';

/** Terraform's schema type notation: "string", ["list", "string"], ["object", {…}], … */
export type SchemaType = string | [string, SchemaType | Record<string, SchemaType>];

export interface SchemaAttribute {
  type: SchemaType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
}

export interface SchemaBlock {
  attributes: Record<string, SchemaAttribute>;
  block_types: Record<
    string,
    { nesting_mode: string; min_items?: number; max_items?: number; block: SchemaBlock }
  >;
}

interface ProviderSchemaFile {
  provider_version: string;
  provider_schemas: Record<
    string,
    { provider: { block: SchemaBlock }; resource_schemas: Record<string, { block: SchemaBlock }> }
  >;
}

const file = schemaJson as unknown as ProviderSchemaFile;
const provider = file.provider_schemas['registry.terraform.io/bpg/proxmox'];
if (!provider) throw new Error('bpg-proxmox.schema.json has no registry.terraform.io/bpg/proxmox entry');

/**
 * The pinned bpg/proxmox provider's schema, in `terraform providers schema -json` form,
 * for the resources the platform writes (derived from the provider's source at that
 * tag, since the provider binary cannot be downloaded here).
 */
export const BPG_PROXMOX_SCHEMA = {
  version: file.provider_version,
  provider: provider.provider.block,
  resources: provider.resource_schemas as Readonly<Record<string, { block: SchemaBlock }>>,
};
