import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GuestLocator } from '../inventory/guest-locator';
import { InMemorySyncedGuestStore } from '../inventory/in-memory-synced-guest.store';
import { GetFirewallUseCase } from './get-firewall.use-case';

describe(GetFirewallUseCase.name, () => {
  let cluster: SimulatedCluster;
  const sut = () => new GetFirewallUseCase(cluster.targets, new GuestLocator(new InMemorySyncedGuestStore()));

  afterEach(async () => {
    await cluster.stop();
  });

  it("should report a guest's rules, its firewall on and the cluster's", async () => {
    cluster = await SimulatedCluster.start();

    const reply = await sut().execute({ scope: 'guest', vmid: 100 });

    expect(reply).toMatchObject({
      scope: 'guest',
      node: 'pve1',
      vmid: 100,
      clusterEnabled: true,
      enabled: true,
    });
    expect(reply.options).toEqual({ enable: '1', policy_in: 'DROP' });
    expect(reply.rules).toEqual([
      { pos: 0, type: 'in', action: 'ACCEPT', enabled: true, macro: 'HTTPS' },
      { pos: 1, type: 'in', action: 'ACCEPT', enabled: true, macro: 'HTTP' },
    ]);
    expect(reply.digest).toMatch(/^[0-9a-f]{40}$/);
  });

  it("should report the cluster's and a node's firewall", async () => {
    cluster = await SimulatedCluster.start();

    const clusterReply = await sut().execute({ scope: 'cluster' });
    const node = await sut().execute({ scope: 'node', node: 'pve2' });

    expect(clusterReply.rules.map((rule) => rule.macro ?? rule.dport)).toEqual(['SSH', '8006', 'Ping']);
    expect(node).toMatchObject({ node: 'pve2', enabled: true, rules: [] });
  });

  it('should say the firewall is off on a cluster without firewall config', async () => {
    cluster = await SimulatedCluster.start({ without: ['firewall'] });

    await expect(sut().execute({ scope: 'guest', vmid: 100 })).resolves.toMatchObject({
      clusterEnabled: false,
      enabled: false,
      rules: [],
    });
  });
});
