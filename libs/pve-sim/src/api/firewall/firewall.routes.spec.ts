import { dataOf, runTaskOk, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

type Rule = Record<string, string | number>;

describe('firewall routes', () => {
  let sut: PveSimulator;

  afterEach(() => sut.stop());

  describe('on the homelab', () => {
    beforeEach(async () => {
      sut = new PveSimulator({ taskDurationMs: 20 });
      await sut.start();
    });

    const rules = async (path: string) => (await dataOf(sut, 'GET', `${path}/rules`)) as Rule[];

    it('should report the cluster firewall on, with its policies and a digest', async () => {
      await expect(dataOf(sut, 'GET', '/cluster/firewall/options')).resolves.toEqual({
        enable: 1,
        policy_in: 'DROP',
        policy_out: 'ACCEPT',
        digest: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
    });

    it("should list a guest's rules with their positions and the rule set's digest", async () => {
      const listed = await rules('/nodes/pve1/qemu/100/firewall');

      expect(listed).toEqual([
        { type: 'in', action: 'ACCEPT', macro: 'HTTPS', enable: 1, pos: 0, digest: expect.any(String) },
        { type: 'in', action: 'ACCEPT', macro: 'HTTP', enable: 1, pos: 1, digest: listed[0]?.['digest'] },
      ]);
    });

    it('should put a new rule first, disabled unless enabled, with the macro in its own spelling', async () => {
      await dataOf(sut, 'POST', '/nodes/pve1/qemu/100/firewall/rules', {
        type: 'in',
        action: 'ACCEPT',
        macro: 'ssh',
        source: '10.0.0.0/8',
      });

      await expect(rules('/nodes/pve1/qemu/100/firewall')).resolves.toEqual(
        expect.arrayContaining([
          expect.objectContaining({ pos: 0, macro: 'SSH', source: '10.0.0.0/8', enable: 0, ipversion: 4 }),
        ]),
      );
    });

    it.each([
      [{ type: 'forward', action: 'ACCEPT' }, { type: "invalid rule type 'forward' for rule_env 'vm'" }],
      [{ type: 'in', action: 'PERMIT' }, { action: "unknown action 'PERMIT'" }],
      [{ type: 'in', action: 'ACCEPT', macro: 'Telnet2' }, { macro: "unknown macro 'Telnet2'" }],
      [
        { type: 'in', action: 'ACCEPT', dport: '22' },
        { proto: "missing property - 'dport' requires this property" },
      ],
      [
        { type: 'in', action: 'ACCEPT', iface: 'eth0' },
        { iface: "value does not match the regex pattern 'net\\d+'" },
      ],
      [{ type: 'in', action: 'ACCEPT', source: '+trusted' }, { source: "no such ipset 'trusted'" }],
      [
        { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '99999' },
        { dport: "invalid format - invalid port '99999'\n" },
      ],
    ])('should refuse %j, naming the parameter', async (rule, errors) => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/100/firewall/rules', rule);

      expect({ status: response.status, errors: response.body?.errors }).toEqual({ status: 400, errors });
    });

    it('should delete a rule, refusing a stale digest and a position past the end', async () => {
      const stale = await send(sut, 'DELETE', '/nodes/pve1/qemu/100/firewall/rules/0', {
        digest: '0'.repeat(40),
      });
      const past = await send(sut, 'DELETE', '/nodes/pve1/qemu/100/firewall/rules/7');
      await dataOf(sut, 'DELETE', '/nodes/pve1/qemu/100/firewall/rules/0');

      expect(stale.body?.message).toBe(
        'detected modified configuration - file changed by other user? Try again.\n',
      );
      expect(past.body?.message).toBe('no rule at position 7\n');
      expect((await rules('/nodes/pve1/qemu/100/firewall')).map((rule) => rule['macro'])).toEqual(['HTTP']);
    });

    it("should forget a destroyed guest's rules", async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/101/status/stop');
      await runTaskOk(sut, 'DELETE', '/nodes/pve1/qemu/101');

      await expect(rules('/nodes/pve1/qemu/101/firewall')).resolves.toEqual([]);
    });
  });

  describe('on a cluster without firewall config', () => {
    beforeEach(async () => {
      sut = new PveSimulator({ without: ['firewall'] });
      await sut.start();
    });

    it('should read as disabled, without rules', async () => {
      const options = (await dataOf(sut, 'GET', '/cluster/firewall/options')) as Record<string, unknown>;

      expect(Object.keys(options)).toEqual(['digest']);
      await expect(dataOf(sut, 'GET', '/cluster/firewall/rules')).resolves.toEqual([]);
    });
  });
});
