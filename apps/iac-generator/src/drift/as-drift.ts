import type { GuestDrift } from '@proxmox-mpc/contracts';
import type { ResourceChange } from '@proxmox-mpc/iac';

/** A planned change seen the other way round: how the cluster departs from the code. */
export function asDrift(change: ResourceChange): GuestDrift {
  const kind = change.action === 'create' ? 'missing' : change.action === 'delete' ? 'unmanaged' : 'changed';
  return {
    vmid: change.vmid ?? 0,
    ...(kind === 'unmanaged' ? {} : { address: change.address }),
    kind,
    changes: change.changes,
  };
}
