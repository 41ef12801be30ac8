import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, HandlerError, OnCommand, QueryFailed, type Emit } from '@proxmox-mpc/bus';
import {
  originFrom,
  RequestedGuestInstanceSchema,
  Subjects,
  type DataOf,
  type Envelope,
  type ErrorCode,
  type InventoryGuest,
  type RequestedGuestInstance,
} from '@proxmox-mpc/contracts';
import {
  ansibleFiles,
  DEFAULT_PROXMOX_COLLECTION,
  expandRequests,
  InventoryReader,
  REQUESTED_FILE,
  requestedGuestsFile,
  terraformImport,
} from '@proxmox-mpc/iac';
import { z } from 'zod';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore, type Workspace, type WrittenFile } from './workspace-store';

type InitOutcome = Emit<typeof Subjects.iacWorkspaceInitialized> | Emit<typeof Subjects.iacFailed>;
type ImportOutcome = Emit<typeof Subjects.iacGenerated> | Emit<typeof Subjects.iacFailed>;

// The guests requested so far and not yet created, as expanded instances.
const REQUESTED_STATE = '.mpc/requested.json';
const RequestedStateSchema = z.array(RequestedGuestInstanceSchema);

/** Creating workspaces, importing a cluster into one, and planning requested guests in it. */
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
          collection: command.data.ansibleCollection ?? DEFAULT_PROXMOX_COLLECTION,
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
  @OnCommand(Subjects.iacPlan)
  async plan(@Payload() command: Envelope<DataOf<typeof Subjects.iacPlan>>): Promise<ImportOutcome> {
    const { workspace: name } = command.data;
    return this.lock.hold(name, () =>
      failures(name, async () => {
        const workspace = await this.store.open(name);
        const { target, guests } = await this.inventory.read(originFrom(command), workspace.settings.target);
        const pending = await this.pendingRequests(workspace, guests);
        const added = expandRequests(command.data.create);
        const taken = new Set([...guests.map((guest) => guest.name), ...pending.map((guest) => guest.name)]);
        const clashes = added.filter(
          (guest, index) =>
            taken.has(guest.name) || added.findIndex((other) => other.name === guest.name) !== index,
        );
        if (clashes.length) {
          throw new HandlerError(
            'CONFLICT',
            `already taken or asked twice: ${[...new Set(clashes.map((guest) => guest.name))].join(', ')}`,
            false,
          );
        }
        const requested: RequestedGuestInstance[] = [...pending, ...added];
        const files = await this.keepRequested(workspace, requested);
        const { revision, changed } = await workspace.git.commitAll(
          `Plan: create ${added.map((guest) => guest.name).join(', ')}`,
        );
        return emit(Subjects.iacGenerated, {
          workspace: name,
          target,
          kind: 'plan',
          revision,
          changed,
          guests: requested.length,
          unmapped: 0,
          files,
        });
      }),
    );
  }

  /** Requested guests not created yet: one that now exists is described by the import instead. */
  private async pendingRequests(
    workspace: Workspace,
    guests: readonly InventoryGuest[],
  ): Promise<RequestedGuestInstance[]> {
    const requested = await workspace.readJson(REQUESTED_STATE, RequestedStateSchema, []);
    return requested.filter((guest) => !guests.some((existing) => existing.name === guest.name));
  }

  /** Writes the requested guests' state and file, or removes both when none is left. */
  private async keepRequested(
    workspace: Workspace,
    requested: RequestedGuestInstance[],
  ): Promise<WrittenFile[]> {
    if (requested.length === 0) {
      await workspace.remove(REQUESTED_STATE);
      await workspace.remove(REQUESTED_FILE);
      return [];
    }
    await workspace.writeJson(REQUESTED_STATE, requested);
    return workspace.writeFiles([requestedGuestsFile(requested)]);
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
  if (error instanceof QueryFailed && !error.transient) {
    return { code: error.code, message: error.message };
  }
  return undefined;
}
