import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InventoryGuest, RequestedGuest } from '@proxmox-mpc/contracts';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { PlanGuestsUseCase } from './plan-guests.use-case';

const web: RequestedGuest = {
  name: 'web-new',
  count: 2,
  type: 'qemu',
  node: 'pve1',
  template: 9000,
  cores: 2,
};

describe(PlanGuestsUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let sut: PlanGuestsUseCase;

  const plan = (...create: RequestedGuest[]) =>
    sut.execute({ workspace: 'lab', create, origin: homelab.origin });
  const requestedFile = () => readFileSync(join(homelab.folder, 'lab', 'terraform', 'requested.tf'), 'utf8');

  beforeEach(async () => {
    homelab = new HomelabWorkspaces();
    await homelab.init();
    sut = new PlanGuestsUseCase(homelab.store, homelab.inventory, homelab.lock);
  });

  afterEach(() => homelab.dispose());

  it('should write the requested guests as resources without VMIDs, and commit them', async () => {
    const planned = await plan(web);

    expect(planned).toMatchObject({
      kind: 'plan',
      changed: true,
      guests: 2,
      revision: await homelab.head(),
      files: [{ path: 'terraform/requested.tf' }],
    });
    expect(requestedFile().match(/resource "proxmox_virtual_environment_vm"/g)).toHaveLength(2);
    expect(requestedFile()).toContain('name      = "web-new-02"');
    // Only the clone block names a VMID, its template's: Proxmox picks the new guests' own.
    expect(requestedFile().match(/^ +vm_id += (\d+)$/gm)).toEqual(['    vm_id = 9000', '    vm_id = 9000']);
  });

  it('should keep earlier requests beside new ones', async () => {
    await plan(web);

    const planned = await plan({ ...web, name: 'api', count: 1 });

    expect(planned.guests).toBe(3);
    expect(requestedFile()).toContain('"api-01"');
    expect(requestedFile()).toContain('"web-new-01"');
  });

  it('should drop a request once the cluster has a guest of that name', async () => {
    await plan(web);
    homelab.inventory.guests.push({ ...homelab.vm(), vmid: 500, name: 'web-new-01' });

    const planned = await plan({ ...web, name: 'api', count: 1 });

    expect(planned.guests).toBe(2);
    expect(requestedFile()).not.toContain('"web-new-01"');
  });

  it('should refuse names the cluster has or a request asks twice, committing nothing', async () => {
    const before = await homelab.head();
    const taken = homelab.inventory.guests[0] as InventoryGuest;

    await expect(
      plan({ ...web, name: taken.name, count: undefined }, web, { ...web, count: 1 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `already taken or asked twice: ${taken.name}, web-new-01`,
    });
    expect(await homelab.head()).toBe(before);
  });
});
