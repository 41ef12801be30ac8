import { emit, HandlerError, QueryFailed, type Emit } from '@proxmox-mpc/bus';
import { Subjects, type ErrorCode } from '@proxmox-mpc/contracts';

/**
 * Runs a command's work. A refusal a retry cannot change (no such workspace, revision or
 * cluster, a request refused) ends the command with evt.iac.failed; anything else is
 * thrown for the bus to retry.
 */
export async function failures<T>(
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
