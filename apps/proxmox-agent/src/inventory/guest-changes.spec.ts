import { inventoryGuest } from '@proxmox-mpc/testing';
import { guestChanges } from './guest-changes';

const before = inventoryGuest(100, { tags: ['prod'] });

describe(guestChanges.name, () => {
  it('should find nothing when only usage and the digest moved', () => {
    expect(guestChanges(before, { ...before, uptimeSeconds: 99, digest: 'b' })).toEqual([]);
  });

  it('should name each changed summary field with its value before and after', () => {
    expect(
      guestChanges(before, { ...before, status: 'stopped', tags: ['prod', 'web'], lock: 'backup' }),
    ).toEqual([
      { field: 'status', before: 'running', after: 'stopped' },
      { field: 'tags', before: ['prod'], after: ['prod', 'web'] },
      { field: 'lock', before: null, after: 'backup' },
    ]);
  });

  it('should compare config keys one by one, added and removed ones included', () => {
    const after = { ...before, config: { memory: '4096', net1: 'virtio,bridge=vmbr1' } };
    expect(guestChanges(before, after)).toEqual([
      { field: 'config.memory', before: '6144', after: '4096' },
      { field: 'config.net0', before: 'virtio=BC:24:11:00:00:01,bridge=vmbr0', after: null },
      { field: 'config.net1', before: null, after: 'virtio,bridge=vmbr1' },
    ]);
  });
});
