import { buildEnvelope, type Outcome, type OutcomeOptions } from '@proxmox-mpc/bus';
import {
  MessageContracts,
  Subjects,
  type CommandSubject,
  type DataOf,
  type EventSubject,
  type OperationProgress,
} from '@proxmox-mpc/contracts';
import { CommandOutcomes, type AwaitedCommand } from './command-outcomes';

/** An event as the service that ran `command` would publish it: caused by the command. */
export function outcomeOf<S extends EventSubject>(
  subject: S,
  data: DataOf<S>,
  command: AwaitedCommand,
): Outcome {
  const contract = MessageContracts[subject];
  const origin = {
    correlationId: command.correlationId,
    causationId: command.id,
    actor: { kind: 'service' as const, id: 'proxmox-agent' },
  };
  return {
    subject,
    envelope: buildEnvelope(subject, contract.type, contract.data, data, origin, 'proxmox-agent'),
  };
}

type Reply = (command: AwaitedCommand) => Outcome;

/**
 * Outcomes without a bus, for unit tests: every command sent reports the progress set
 * with `reportProgress`, then ends with the event set with `endWith`, or with none (as
 * when the wait times out).
 */
export class InMemoryCommandOutcomes extends CommandOutcomes {
  readonly waits: Array<{ subject: CommandSubject; commandId: string; timeoutMs: number }> = [];
  private progress: Reply[] = [];
  private ending: Reply | undefined;

  endWith<S extends EventSubject>(subject: S, data: DataOf<S>): void {
    this.ending = (command) => outcomeOf(subject, data, command);
  }

  reportProgress(...steps: OperationProgress[]): void {
    this.progress = steps.map(
      (step) => (command) => outcomeOf(Subjects.proxmoxOperationProgress, step, command),
    );
  }

  async waitFor(
    subject: CommandSubject,
    command: AwaitedCommand,
    options: OutcomeOptions,
    send: () => Promise<void>,
  ): Promise<Outcome | undefined> {
    this.waits.push({ subject, commandId: command.id, timeoutMs: options.timeoutMs });
    await send();
    for (const reply of this.progress) options.onProgress?.(reply(command));
    return this.ending?.(command);
  }
}
