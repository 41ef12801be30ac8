import type { CommandSubject, DataOf, Origin } from '@proxmox-mpc/contracts';
import { Subjects } from '@proxmox-mpc/contracts';
import { ToolError, type ToolBus } from '../tool-definition';

// Generation and checks of a 10,000-guest workspace take tens of seconds.
const IAC_TIMEOUT_MS = 300_000;

/** Runs an IaC command and hands back its event's data; evt.iac.failed becomes the tool's error. */
export async function runIacCommand<S extends CommandSubject, R>(
  bus: ToolBus,
  subject: S,
  data: DataOf<S>,
  origin: Origin,
): Promise<{ subject: string; data: R }> {
  const outcome = await bus.execute(subject, data, origin, { timeoutMs: IAC_TIMEOUT_MS });
  const body = outcome.envelope.data as { code?: string; message?: string };
  if (outcome.subject === Subjects.iacFailed || outcome.subject === Subjects.busMessageFailed) {
    throw new ToolError((body.code ?? 'INTERNAL') as never, String(body.message ?? 'the IaC command failed'));
  }
  return { subject: outcome.subject, data: outcome.envelope.data as R };
}
