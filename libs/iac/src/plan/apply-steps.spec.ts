import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { inventoryOf } from '@proxmox-mpc/testing';
import { applySteps, ApplyRefused } from './apply-steps';
import type { GuestResourceBody, ResourceChange } from './resource-diff';

const live = inventoryOf(new PveSimulator({ scenario: 'homelab' }));
const template = live.find((guest) => guest.template && guest.type === 'qemu') as InventoryGuest;
const running = live.find((guest) => guest.status === 'running' && !guest.template) as InventoryGuest;
const stopped = live.find((guest) => guest.status === 'stopped' && !guest.template) as InventoryGuest;

const change = (action: ResourceChange['action'], extra: Partial<ResourceChange> = {}): ResourceChange => ({
  action,
  address: `proxmox_virtual_environment_vm.x_${action}`,
  type: 'proxmox_virtual_environment_vm',
  vmid: undefined,
  node: 'pve2',
  changes: [],
  ...extra,
});

describe(applySteps.name, () => {
  const clone: GuestResourceBody = {
    address: 'proxmox_virtual_environment_vm.x_create',
    type: 'proxmox_virtual_environment_vm',
    vmid: undefined,
    node: 'pve2',
    body: {
      node_name: 'pve2',
      name: 'web-9',
      clone: [{ vm_id: template.vmid }],
      cpu: [{ cores: 2 }],
      tags: ['web'],
    },
  };

  it('should create first, then update, then stop and destroy', () => {
    const steps = applySteps(
      [
        change('delete', { vmid: running.vmid }),
        change('update', {
          vmid: stopped.vmid,
          changes: [{ path: 'memory[0].dedicated', before: 1024, after: 2048 }],
        }),
        change('create'),
      ],
      [clone],
      live,
    );
    expect(steps.map((step) => step.command.subject)).toEqual([
      'cmd.proxmox.guest.clone',
      'cmd.proxmox.guest.configure',
      'cmd.proxmox.guest.power',
      'cmd.proxmox.guest.delete',
    ]);
    expect(steps[0]?.command.data).toEqual({
      vmid: template.vmid,
      node: template.node,
      type: 'qemu',
      name: 'web-9',
      ...(template.node === 'pve2' ? {} : { target: 'pve2' }),
      config: { cores: 2, tags: 'web' },
      start: true,
    });
    expect(steps[1]?.command.data).toMatchObject({ vmid: stopped.vmid, set: { memory: 2048 } });
    expect(steps[2]?.command.data).toMatchObject({ vmid: running.vmid, action: 'stop' });
  });

  it('should refuse, before anything runs, a change it cannot carry out', () => {
    expect(() =>
      applySteps(
        [change('update', { vmid: stopped.vmid, changes: [{ path: 'disk[0].size', before: 8, after: 16 }] })],
        [],
        live,
      ),
    ).toThrow(
      new ApplyRefused(
        'proxmox_virtual_environment_vm.x_update: a change of disk[0].size cannot be applied through the agent',
      ),
    );
    expect(() =>
      applySteps([change('create')], [{ ...clone, body: { node_name: 'pve2', name: 'bare' } }], live),
    ).toThrow(/not a clone of an existing template/);
  });
});
