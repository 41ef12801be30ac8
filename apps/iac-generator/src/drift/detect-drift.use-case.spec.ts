import { WorkspaceGit } from '@proxmox-mpc/iac';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { GitWorkspaceStore } from '../workspaces/git-workspace.store';
import { DesiredStates } from './desired-states';
import { DetectDriftUseCase, type GuestChanged } from './detect-drift.use-case';

describe(DetectDriftUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let clock: FakeClock;
  let revision: string;
  let sut: DetectDriftUseCase;

  /** The VM as the agent would announce it after `config` changed. */
  const changed = (config: Record<string, string>): GuestChanged => {
    const vm = homelab.vm();
    return { target: 'homelab', vmid: vm.vmid, guest: { ...vm, config: { ...vm.config, ...config } } };
  };

  beforeEach(async () => {
    homelab = new HomelabWorkspaces();
    await homelab.init();
    ({ revision } = await homelab.import());
    clock = new FakeClock();
    sut = new DetectDriftUseCase(new DesiredStates(homelab.store, clock));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await homelab.dispose();
  });

  it('should report the attributes in which the guest departs from each workspace of its cluster', async () => {
    const cores = Number(homelab.vm().config['cores']);

    expect(await sut.execute([changed({ cores: String(cores + 1) })])).toEqual([
      {
        workspace: 'lab',
        target: 'homelab',
        revision,
        vmid: homelab.vm().vmid,
        address: expect.stringMatching(/^proxmox_virtual_environment_vm\./),
        kind: 'changed',
        changes: [{ path: 'cpu[0].cores', before: cores + 1, after: cores }],
      },
    ]);
  });

  it('should report a deleted guest the code still describes as missing', async () => {
    const { vmid } = homelab.vm();

    expect(await sut.execute([{ target: 'homelab', vmid }])).toMatchObject([{ vmid, kind: 'missing' }]);
  });

  it('should report nothing for a guest as the code describes it', async () => {
    expect(await sut.execute([changed({})])).toEqual([]);
  });

  it('should report nothing for a cluster no workspace describes', async () => {
    expect(await sut.execute([{ ...changed({ cores: '64' }), target: 'elsewhere' }])).toEqual([]);
  });

  it('should parse a revision once, however many events arrive at once', async () => {
    const read = jest.spyOn(WorkspaceGit.prototype, 'filesAt');

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => sut.execute([changed({ memory: String(100_000 + index) })])),
    );

    expect(results.every((drifts) => drifts.length === 1)).toBe(true);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('should compare the guests announced together against each workspace once', async () => {
    const states = jest.spyOn(DesiredStates.prototype, 'of');
    const { vmid } = homelab.vm();

    const drifts = await sut.execute([
      changed({ cores: '16' }),
      { ...changed({ cores: '64' }), target: 'elsewhere' },
      { target: 'homelab', vmid },
    ]);

    expect(drifts.map((drift) => [drift.vmid, drift.kind])).toEqual([
      [vmid, 'changed'],
      [vmid, 'missing'],
    ]);
    expect(states).toHaveBeenCalledTimes(1);
  });

  it('should parse again once HEAD moves to a new revision', async () => {
    await sut.execute([changed({ cores: '16' })]);
    const read = jest.spyOn(WorkspaceGit.prototype, 'filesAt');
    homelab.vm().config['cores'] = '16';
    await homelab.import();

    expect(await sut.execute([changed({ cores: '16' })])).toEqual([]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('should compare with a workspace created here since the last listing at once', async () => {
    await sut.execute([changed({})]);
    await homelab.init('prod');
    await homelab.import('prod');

    const drifts = await sut.execute([changed({ cores: '16' })]);

    expect(drifts.map((drift) => drift.workspace).sort()).toEqual(['lab', 'prod']);
  });

  it("should compare with another replica's new workspace once the last listing is 2 s old", async () => {
    const replica = new DetectDriftUseCase(
      new DesiredStates(new GitWorkspaceStore({ IAC_WORKSPACE_ROOT: homelab.folder }), clock),
    );
    await replica.execute([changed({})]);
    await homelab.init('prod');
    await homelab.import('prod');
    const event = changed({ cores: '16' });

    expect((await replica.execute([event])).map((drift) => drift.workspace)).toEqual(['lab']);
    clock.advance(2_001);
    expect((await replica.execute([event])).map((drift) => drift.workspace).sort()).toEqual(['lab', 'prod']);
  });
});
