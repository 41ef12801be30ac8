import { DEFAULT_SIM_TOKEN } from '@proxmox-mpc/pve-sim';
import { SimulatedCluster, testLogger } from '../__tests__/simulated-cluster';
import { TargetSettingsSchema } from '../targets/target-config';
import { TargetRegistry } from '../targets/target-registry';
import { GetPermissionsUseCase } from './get-permissions.use-case';

describe(GetPermissionsUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: GetPermissionsUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new GetPermissionsUseCase(cluster.targets);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should name the identity the agent uses and its privileges per path, sorted', async () => {
    const reply = await sut.execute({});

    expect(reply.identity).toBe(DEFAULT_SIM_TOKEN.tokenId);
    const root = reply.permissions['/'] ?? [];
    expect(root).toContain('VM.PowerMgmt');
    expect(root).toEqual([...root].sort());
  });

  it('should answer for the one path asked about', async () => {
    const reply = await sut.execute({ path: '/vms/100' });

    expect(Object.keys(reply.permissions)).toEqual(['/vms/100']);
  });

  it("should refuse in the platform's terms when Proxmox refuses the token", async () => {
    const wrong = new TargetRegistry(
      [
        TargetSettingsSchema.parse({
          name: 'homelab',
          url: cluster.simulator.url,
          auth: { tokenId: DEFAULT_SIM_TOKEN.tokenId, tokenSecret: 'wrong-secret' },
        }),
      ],
      testLogger,
    );

    await expect(new GetPermissionsUseCase(wrong).execute({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await wrong.close();
  });
});
