import { homelabInventory } from './homelab';

describe(homelabInventory.name, () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('should build the same cluster every time', () => {
    expect(homelabInventory(now)).toEqual(homelabInventory(now));
  });

  it('should have three nodes', () => {
    expect(homelabInventory(now).nodes.map((node) => node.name)).toEqual(['pve1', 'pve2', 'pve3']);
  });

  it('should have about twenty VMs and eight containers', () => {
    const { guests } = homelabInventory(now);

    expect(guests.filter((guest) => guest.type === 'qemu' && guest.config['template'] !== '1')).toHaveLength(
      21,
    );
    expect(guests.filter((guest) => guest.type === 'lxc')).toHaveLength(8);
  });

  it('should include stopped guests and templates', () => {
    const { guests } = homelabInventory(now);

    expect(guests.some((guest) => guest.status === 'stopped')).toBe(true);
    expect(guests.find((guest) => guest.vmid === 9000)?.config).toMatchObject({
      name: 'debian-12-template',
      template: '1',
    });
  });

  it('should give running guests a start time and a pid', () => {
    const running = homelabInventory(now).guests.filter((guest) => guest.status === 'running');

    expect(running.every((guest) => guest.startedAt !== undefined && guest.pid !== undefined)).toBe(true);
  });
});
