import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects, type InventoryGuest } from '@proxmox-mpc/contracts';
import type { ApplyStep } from '@proxmox-mpc/iac';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { PlanGuestsUseCase } from '../workspaces/plan-guests.use-case';
import { AgentCommands, type CommandOutcome } from './agent-commands';
import { ApplyRevisionUseCase } from './apply-revision.use-case';

/** Completes every command it is given, except the one it was told to fail. */
class ScriptedAgent extends AgentCommands {
  readonly commands: Array<ApplyStep['command']> = [];
  failing: { at: number; outcome: CommandOutcome } | undefined;

  async run(command: ApplyStep['command']): Promise<CommandOutcome> {
    this.commands.push(command);
    return this.commands.length === this.failing?.at ? this.failing.outcome : { completed: true };
  }
}

describe(ApplyRevisionUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let agent: ScriptedAgent;
  let outbox: InMemoryEventOutbox;
  let imported: string;
  let sut: ApplyRevisionUseCase;

  const template = () =>
    homelab.inventory.guests.find((guest) => guest.template && guest.type === 'qemu') as InventoryGuest;
  /** Plans web-new-01 and web-new-02, clones of the template; returns the revision. */
  const planWeb = async (extra: { cores?: number } = {}) =>
    (
      await new PlanGuestsUseCase(homelab.store, homelab.inventory, homelab.lock).execute({
        workspace: 'lab',
        create: [
          { name: 'web-new', count: 2, type: 'qemu', node: 'pve1', template: template().vmid, ...extra },
        ],
        origin: homelab.origin,
      })
    ).revision;
  const apply = (revision: string) => sut.execute({ workspace: 'lab', revision, origin: homelab.origin });

  beforeEach(async () => {
    homelab = new HomelabWorkspaces();
    await homelab.init();
    ({ revision: imported } = await homelab.import());
    agent = new ScriptedAgent();
    outbox = new InMemoryEventOutbox();
    sut = new ApplyRevisionUseCase(
      homelab.store,
      homelab.inventory,
      homelab.lock,
      agent,
      new InMemoryTransactions(),
      outbox,
    );
  });

  afterEach(() => homelab.dispose());

  it('should carry the plan out one agent command at a time and report every step done', async () => {
    const revision = await planWeb();

    expect(await apply(revision)).toEqual({
      applied: {
        workspace: 'lab',
        target: 'homelab',
        revision,
        done: [
          {
            action: 'create',
            address: 'proxmox_virtual_environment_vm.new_vm_web_new_01',
            name: 'web-new-01',
          },
          {
            action: 'create',
            address: 'proxmox_virtual_environment_vm.new_vm_web_new_02',
            name: 'web-new-02',
          },
        ],
      },
    });
    expect(agent.commands).toMatchObject([
      { subject: Subjects.proxmoxGuestClone, data: { vmid: template().vmid, name: 'web-new-01' } },
      { subject: Subjects.proxmoxGuestClone, data: { vmid: template().vmid, name: 'web-new-02' } },
    ]);
  });

  it("should announce each step's start and end, on the cluster, for the user action", async () => {
    await apply(await planWeb());

    expect(
      outbox.dataOf(Subjects.iacApplyProgress).map((progress) => [progress.stepIndex, progress.message]),
    ).toEqual([
      [1, expect.stringMatching(/^clone .* as web-new-01 on pve1: starting$/)],
      [1, expect.stringMatching(/: done$/)],
      [2, expect.stringMatching(/^clone .* as web-new-02 on pve1: starting$/)],
      [2, expect.stringMatching(/: done$/)],
    ]);
    expect(outbox.added[0]?.envelope).toMatchObject({
      correlationId: homelab.origin.correlationId,
      target: 'homelab',
    });
  });

  it('should stop at the first failing step, saying what was and was not done', async () => {
    const revision = await planWeb();
    agent.failing = {
      at: 2,
      outcome: { completed: false, code: 'TASK_FAILED', message: 'no space left on local-lvm' },
    };

    expect(await apply(revision)).toEqual({
      stopped: {
        code: 'TASK_FAILED',
        message: expect.stringMatching(
          /^step 2 of 2 \(clone .* as web-new-02 on pve1\) failed: no space left on local-lvm$/,
        ),
        done: [{ action: 'create', address: 'proxmox_virtual_environment_vm.new_vm_web_new_01' }],
        notDone: [{ action: 'create', address: 'proxmox_virtual_environment_vm.new_vm_web_new_02' }],
      },
    });
  });

  it('should refuse a revision the workspace does not have, running nothing', async () => {
    const unknown = 'f'.repeat(40);

    await expect(apply(unknown)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `workspace "lab" has no revision ${unknown}`,
    });
    expect(agent.commands).toEqual([]);
  });

  it('should refuse a revision that fails its checks, running nothing', async () => {
    const revision = await planWeb({ cores: 128 });

    await expect(apply(revision)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /^revision [0-9a-f]{12} fails its checks, nothing was applied: policy: limits: 128 cores, more than 64/,
      ),
    });
    expect(agent.commands).toEqual([]);
  });

  it('should check a revision nobody tested, and refuse one with a file that does not parse', async () => {
    const workspace = await homelab.store.open('lab');
    await workspace.writeFiles([{ path: 'terraform/broken.tf', content: 'resource "x" "y" {\n' }]);
    const { revision } = await workspace.git.commitAll('a change made by hand');

    await expect(apply(revision)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('nothing was applied: hcl-parse: '),
    });
    expect(agent.commands).toEqual([]);
  });

  it('should refuse a plan with a change no agent command can make, running nothing', async () => {
    const vm = homelab.inventory.guests.find((guest) =>
      guest.config['scsi0']?.includes('size=32G'),
    ) as InventoryGuest;
    vm.config['scsi0'] = vm.config['scsi0']?.replace('size=32G', 'size=64G') as string;

    await expect(apply(imported)).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringMatching(
        /: a change of disk\[0\]\.size cannot be applied through the agent; nothing was applied$/,
      ),
    });
    expect(agent.commands).toEqual([]);
  });
});
