import type { ParameterSpec } from './route';

// PVE's get_standard_option('pve-node') and get_standard_option('pve-vmid').
export const NODE_PARAMETER: ParameterSpec = { type: 'string', format: 'pve-node' };
export const VMID_PARAMETER: ParameterSpec = {
  type: 'integer',
  format: 'pve-vmid',
  minimum: 100,
  maximum: 999_999_999,
};
