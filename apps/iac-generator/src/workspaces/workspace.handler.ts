import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, HandlerError, OnCommand, QueryFailed, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope, type ErrorCode } from '@proxmox-mpc/contracts';
import { ansibleFiles, terraformImport } from '@proxmox-mpc/iac';
import { InventoryReader } from '@proxmox-mpc/iac';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore } from './workspace-store';

type InitOutcome = Emit<typeof Subjects.iacWorkspaceInitialized> | Emit<typeof Subjects.iacFailed>;
type ImportOutcome = Emit<typeof Subjects.iacGenerated> | Emit<typeof Subjects.iacFailed>;

/** Creating workspaces and importing a cluster into one. */
@Controller()
export class WorkspaceHandler {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
  ) {}

  @OnCommand(Subjects.iacWorkspaceInit)
  async init(@Payload() command: Envelope<DataOf<typeof Subjects.iacWorkspaceInit>>): Promise<InitOutcome> {
    const { workspace: name } = command.data;
    return this.lock.hold(name, () =>
      failures(name, async () => {
        // Asking the agent resolves the cluster's name (and refuses an unknown one) before anything is written.
        const target = await this.inventory.clusterName(
          originFrom(command),
          command.data.target ?? command.target,
        );
        const workspace = await this.store.create(name, target, {
          collection: command.data.ansibleCollection ?? 'community.proxmox',
        });
        const { revision } = await workspace.git.commitAll(`Create workspace ${name} for cluster ${target}`);
        return emit(Subjects.iacWorkspaceInitialized, { workspace: name, target, revision });
      }),
    );
  }

  @OnCommand(Subjects.iacImport)
  async import(@Payload() command: Envelope<DataOf<typeof Subjects.iacImport>>): Promise<ImportOutcome> {
    const { workspace: name } = command.data;
    return this.lock.hold(name, () =>
      failures(name, async () => {
        const workspace = await this.store.open(name);
        const { target, guests } = await this.inventory.read(originFrom(command), workspace.settings.target);
        const terraform = terraformImport(guests);
        const files = await workspace.replaceGenerated([
          ...terraform.files,
          ...ansibleFiles(guests, workspace.settings.ansible),
        ]);
        const { revision, changed } = await workspace.git.commitAll(
          `Import ${guests.length} guests of cluster ${target}`,
        );
        return emit(Subjects.iacGenerated, {
          workspace: name,
          target,
          kind: 'import',
          revision,
          changed,
          guests: guests.length,
          unmapped: terraform.guests.reduce((sum, guest) => sum + guest.unmapped.length, 0),
          files,
        });
      }),
    );
  }
}

/**
 * Failures a retry cannot fix (no such workspace or cluster, a refused request) end the
 * command with evt.iac.failed; anything else is thrown for the bus to retry.
 */
async function failures<T>(
  workspace: string,
  work: () => Promise<T>,
): Promise<T | Emit<typeof Subjects.iacFailed>> {
  try {
    return await work();
  } catch (error) {
    const refusal = asRefusal(error);
    if (!refusal) throw error;
    return emit(Subjects.iacFailed, { workspace, ...refusal });
  }
}

function asRefusal(error: unknown): { code: ErrorCode; message: string } | undefined {
  if (error instanceof HandlerError && !error.retryable) return { code: error.code, message: error.message };
  if (error instanceof QueryFailed && error.code !== 'UPSTREAM_UNAVAILABLE' && error.code !== 'TIMEOUT') {
    return { code: error.code, message: error.message };
  }
  return undefined;
}
