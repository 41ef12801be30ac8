import { FakeClock } from '@proxmox-mpc/service-runtime';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { DesiredStates } from './desired-states';
import { ReportDriftUseCase } from './report-drift.use-case';

describe(ReportDriftUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let revision: string;
  let sut: ReportDriftUseCase;

  const report = () => sut.execute({ workspace: 'lab', origin: homelab.origin });

  beforeEach(async () => {
    homelab = new HomelabWorkspaces();
    await homelab.init();
    ({ revision } = await homelab.import());
    sut = new ReportDriftUseCase(
      homelab.store,
      new DesiredStates(homelab.store, new FakeClock()),
      homelab.inventory,
    );
  });

  afterEach(() => homelab.dispose());

  it('should report no drift while the cluster is as imported', async () => {
    expect(await report()).toEqual({ workspace: 'lab', target: 'homelab', revision, drifts: [] });
  });

  it("should report each attribute that differs, the cluster's value before the code's", async () => {
    const memory = Number(homelab.vm().config['memory']);
    homelab.vm().config['memory'] = String(memory * 2);

    expect((await report()).drifts).toEqual([
      {
        vmid: homelab.vm().vmid,
        address: expect.stringMatching(/^proxmox_virtual_environment_vm\./),
        kind: 'changed',
        changes: [{ path: 'memory[0].dedicated', before: memory * 2, after: memory }],
      },
    ]);
  });

  it('should report a guest gone from the cluster as missing, and a new one as unmanaged', async () => {
    const gone = homelab.vm();
    homelab.inventory.guests = homelab.inventory.guests.filter((guest) => guest !== gone);
    homelab.inventory.guests.push({ ...gone, vmid: 900, name: 'made-by-hand' });

    expect((await report()).drifts.map(({ vmid, kind }) => ({ vmid, kind }))).toEqual([
      { vmid: gone.vmid, kind: 'missing' },
      { vmid: 900, kind: 'unmanaged' },
    ]);
  });

  it('should refuse a workspace that does not exist', async () => {
    await expect(sut.execute({ workspace: 'nowhere', origin: homelab.origin })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
