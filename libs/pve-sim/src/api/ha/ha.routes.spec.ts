import { dataOf, runTaskOk, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('HA routes', () => {
  let sut: PveSimulator;

  afterEach(() => sut.stop());

  const start = async (options: ConstructorParameters<typeof PveSimulator>[0] = {}) => {
    sut = new PveSimulator({ taskDurationMs: 20, ...options });
    await sut.start();
  };

  describe('on the homelab, where HA keeps the databases up', () => {
    beforeEach(() => start());

    it('should list the resources with their config entries', async () => {
      const resources = (await dataOf(sut, 'GET', '/cluster/ha/resources')) as Array<Record<string, unknown>>;

      expect(resources.map((resource) => resource['sid'])).toEqual(['ct:210', 'vm:102', 'vm:111']);
      expect(resources[1]).toMatchObject({
        type: 'vm',
        state: 'started',
        max_restart: 2,
        comment: 'primary database',
      });
    });

    it('should report a master, an LRM per node and each service', async () => {
      const status = (await dataOf(sut, 'GET', '/cluster/ha/status/current')) as Array<
        Record<string, unknown>
      >;

      expect(status.map((entry) => entry['id'])).toEqual([
        'quorum',
        'master',
        'fencing',
        'lrm:pve1',
        'lrm:pve2',
        'lrm:pve3',
        'service:ct:210',
        'service:vm:102',
        'service:vm:111',
      ]);
      expect(status.find((entry) => entry['id'] === 'service:vm:102')).toMatchObject({
        node: 'pve1',
        state: 'started',
        request_state: 'started',
        status: 'vm:102 (pve1, started)',
      });
    });

    it('should add a resource named by VMID as the guest it is', async () => {
      await dataOf(sut, 'POST', '/cluster/ha/resources', { sid: '200', state: 'started' });

      await expect(dataOf(sut, 'GET', '/cluster/ha/resources/ct:200')).resolves.toMatchObject({
        sid: 'ct:200',
        type: 'ct',
      });
    });

    it.each([
      [{ sid: 'vm:102' }, "create resource failed: resource ID 'vm:102' already defined\n"],
      [{ sid: 'vm:999' }, "resource 'vm:999' does not exist in cluster\n"],
      [{ sid: 'vm:200' }, "resource 'vm:200' - guest with ID 200 is not a VM\n"],
      [{ sid: '999' }, 'unable to detect SID from VMID - VM/CT 999 does not exist\n'],
      [{ sid: 'vm:100', type: 'ct' }, 'types does not match\n'],
      [
        { sid: 'vm:100', group: 'prod' },
        "invalid parameter 'group': ha groups have been migrated to rules\n",
      ],
    ])('should refuse %j in pve-ha-manager words', async (params, message) => {
      const response = await send(sut, 'POST', '/cluster/ha/resources', params);

      expect({ status: response.status, message: response.body?.message }).toEqual({ status: 500, message });
    });

    it('should remove a resource, and refuse one HA does not manage', async () => {
      await dataOf(sut, 'DELETE', '/cluster/ha/resources/vm:111');
      const again = await send(sut, 'DELETE', '/cluster/ha/resources/vm:111');

      expect(again.body?.message).toBe("cannot delete service 'vm:111', not HA managed!\n");
    });

    it('should keep an HA-managed VM from being destroyed unless purged, then drop its resource', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/102/status/stop');
      const refused = await send(sut, 'DELETE', '/nodes/pve1/qemu/102');
      await runTaskOk(sut, 'DELETE', '/nodes/pve1/qemu/102', { purge: 1 });

      expect(refused.body?.message).toBe(
        'unable to remove VM 102 - used in HA resources and purge parameter not set.\n',
      );
      expect(
        ((await dataOf(sut, 'GET', '/cluster/ha/resources')) as Array<{ sid: string }>).map((r) => r.sid),
      ).toEqual(['ct:210', 'vm:111']);
    });

    it('should refuse a stale digest when updating', async () => {
      const response = await send(sut, 'PUT', '/cluster/ha/resources/vm:102', {
        state: 'stopped',
        digest: '0'.repeat(40),
      });

      expect(response.body?.message).toBe(
        'detected modified configuration - file changed by other user? Try again.\n',
      );
    });
  });

  describe('on a cluster where nobody configured HA', () => {
    beforeEach(() => start({ without: ['ha'] }));

    it('should report quorum and a standby fencing state only', async () => {
      await expect(dataOf(sut, 'GET', '/cluster/ha/status/current')).resolves.toEqual([
        { id: 'quorum', type: 'quorum', node: 'pve1', status: 'OK', quorate: 1 },
        {
          id: 'fencing',
          type: 'fencing',
          node: 'pve1',
          status: 'standby (CRM watchdog standby)',
          'armed-state': 'standby',
        },
      ]);
      await expect(dataOf(sut, 'GET', '/cluster/ha/resources')).resolves.toEqual([]);
    });

    it('should start the HA stack with the first resource', async () => {
      await dataOf(sut, 'POST', '/cluster/ha/resources', { sid: 'vm:100' });
      const status = (await dataOf(sut, 'GET', '/cluster/ha/status/current')) as Array<{ id: string }>;

      expect(status.map((entry) => entry.id)).toContain('master');
    });
  });
});
