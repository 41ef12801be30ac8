import type { GuestType, OperationName, OperationResult } from '@proxmox-mpc/contracts';
import type { PveClient } from '@proxmox-mpc/pve-client';
import type { LocatedGuest } from '../inventory/guest-locator';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import type { CommandJournal } from './command-journal';

/** One Proxmox call of an operation, and the task it starts. */
export interface PlannedStep {
  name: string;
  /**
   * Where its task runs, the PVE task type (`qmclone`, …) and the guest it is about, if
   * any: how to find it again after a crash.
   */
  task?: { node: string; type: string; vmid?: number };
  /** Makes the call; resolves with the task's UPID, or null when Proxmox answered synchronously. */
  run(): Promise<string | null>;
}

/** What an operation is about: a guest, or (downloads, volume deletions, task stops) a node. */
export type OperationSubject = { guest: LocatedGuest } | { node: string };

export type OperationPlan = OperationSubject & {
  steps: PlannedStep[];
  /** What the completed event reports, read after the last step. */
  complete(done: { upids: string[]; durationMs: number }): Promise<OperationResult>;
};

export interface PlanContext {
  target: ProxmoxTarget;
  client: PveClient;
  journal: CommandJournal;
  /** Finds a guest's node and type (given ones are trusted); NOT_FOUND when it does not exist. */
  locate(vmid: number, node?: string, type?: GuestType): Promise<LocatedGuest>;
}

/** How one verb becomes Proxmox calls. */
export interface OperationDefinition<C> {
  operation: OperationName;
  plan(command: C, context: PlanContext): Promise<OperationPlan>;
}
