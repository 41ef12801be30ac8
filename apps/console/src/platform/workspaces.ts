import type { CommandOutcome, OutcomeOptions } from '@proxmox-mpc/bus';
import { Subjects, type CommandSubject, type DataOf } from '@proxmox-mpc/contracts';
import { CommandFailed } from '../cli/errors';
import { didYouMean } from '../cli/suggest';
import type { CommandContext } from '../commands/command';

// Generating and checking a 10,000-guest workspace takes tens of seconds; applying, minutes.
export const IAC_TIMEOUT_MS = 30 * 60_000;

export interface WorkspaceSummary {
  name: string;
  target: string;
  revision?: string;
}

/** The named workspace, or the nearest names when there is none by that name. */
export async function findWorkspace(context: CommandContext, name: string): Promise<WorkspaceSummary> {
  const bus = await context.platform.bus();
  const { workspaces } = await bus.query(Subjects.iacWorkspacesList, {}, context.origin());
  const found = workspaces.find((workspace) => workspace.name === name);
  if (found) return found;
  throw new CommandFailed(
    workspaces.length === 0
      ? `no workspace "${name}": there are none yet (/init makes one for a cluster)`
      : `no workspace "${name}"${didYouMean(
          name,
          workspaces.map((workspace) => workspace.name),
        )} (have: ${workspaces.map((workspace) => workspace.name).join(', ')})`,
  );
}

/**
 * Sends an IaC command and waits for its outcome; `evt.iac.failed` and the transport's
 * `evt.bus.message.failed` become a CommandFailed with their words.
 */
export async function executeIac<S extends CommandSubject>(
  context: CommandContext,
  subject: S,
  data: DataOf<S>,
  options: Partial<OutcomeOptions> = {},
): Promise<CommandOutcome<S>> {
  const bus = await context.platform.bus();
  const outcome = await bus.execute(subject, data, context.actingOrigin(), {
    timeoutMs: IAC_TIMEOUT_MS,
    signal: context.signal,
    ...options,
  });
  if (outcome.subject === Subjects.iacFailed || outcome.subject === Subjects.busMessageFailed) {
    const failure = outcome.envelope.data as { code?: string; message?: string };
    throw new CommandFailed(
      `${failure.message ?? 'the command failed'}${failure.code ? ` [${failure.code}]` : ''}`,
      failure,
    );
  }
  return outcome;
}
