import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import {
  RequestedGuestInstanceSchema,
  type DataOf,
  type InventoryGuest,
  type Origin,
  type RequestedGuestInstance,
  type Subjects,
} from '@proxmox-mpc/contracts';
import { expandRequests, InventoryReader, REQUESTED_FILE, requestedGuestsFile } from '@proxmox-mpc/iac';
import { z } from 'zod';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore, type Workspace, type WrittenFile } from './workspace.store';

// The guests requested so far and not yet created, as expanded instances.
const REQUESTED_STATE = '.mpc/requested.json';
const RequestedStateSchema = z.array(RequestedGuestInstanceSchema);

/** The command's data, and who asked. */
export type PlanGuests = DataOf<typeof Subjects.iacPlan> & { origin: Origin };

/**
 * Adds requested guests to a workspace as code (resources without VMIDs) and commits
 * them. Requests not created yet are kept; one the cluster now has a guest of that name
 * for leaves, since the import describes it. A name the cluster or an earlier request
 * already has, or one asked for twice, refuses the whole plan.
 */
@Injectable()
export class PlanGuestsUseCase {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
  ) {}

  execute({ workspace: name, create, origin }: PlanGuests): Promise<DataOf<typeof Subjects.iacGenerated>> {
    return this.lock.hold(name, async () => {
      const workspace = await this.store.open(name);
      const { target, guests } = await this.inventory.read(origin, workspace.settings.target);
      const pending = await pendingRequests(workspace, guests);
      const added = expandRequests(create);
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
      const requested = [...pending, ...added];
      const files = await keepRequested(workspace, requested);
      const { revision, changed } = await workspace.git.commitAll(
        `Plan: create ${added.map((guest) => guest.name).join(', ')}`,
      );
      return {
        workspace: name,
        target,
        kind: 'plan',
        revision,
        changed,
        guests: requested.length,
        unmapped: 0,
        files,
      };
    });
  }
}

/** Requested guests not created yet: one that now exists is described by the import instead. */
async function pendingRequests(
  workspace: Workspace,
  guests: readonly InventoryGuest[],
): Promise<RequestedGuestInstance[]> {
  const requested = await workspace.readJson(REQUESTED_STATE, RequestedStateSchema, []);
  return requested.filter((guest) => !guests.some((existing) => existing.name === guest.name));
}

/** Writes the requested guests' state and file, or removes both when none is left. */
async function keepRequested(
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
