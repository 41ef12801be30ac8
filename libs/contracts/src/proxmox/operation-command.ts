import type { z } from 'zod';
import { defineCommand } from '../define';
import { OperationCompletedContract } from './operation-completed';
import { OperationFailedContract } from './operation-failed';
import { OperationProgressContract } from './operation-progress';

/** Every guest command ends with one of these; progress events come before. */
export const OPERATION_OUTCOMES = [
  OperationCompletedContract.subject,
  OperationFailedContract.subject,
] as const;

/**
 * An operation the agent carries out (on a guest, or on a node's storage and tasks): all of them report `evt.proxmox.operation.progress`
 * and end with `evt.proxmox.operation.completed` or `.failed`, which is what callers wait for.
 */
export function defineOperationCommand<
  const S extends `cmd.proxmox.${string}`,
  D extends z.ZodType,
>(contract: { subject: S; type: string; data: D }) {
  return defineCommand({
    ...contract,
    outcomes: OPERATION_OUTCOMES,
    progress: OperationProgressContract.subject,
  });
}
