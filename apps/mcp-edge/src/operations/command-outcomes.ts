import { Injectable } from '@nestjs/common';
import { CommandTimeout, MessageBus, type Outcome, type OutcomeOptions } from '@proxmox-mpc/bus';
import type { CommandSubject, Envelope } from '@proxmox-mpc/contracts';

/** The command a wait is for: its id is the causation id of the event that ends it. */
export type AwaitedCommand = Pick<Envelope, 'id' | 'correlationId'>;

/** Waiting for the event that ends a command this process sent. */
export abstract class CommandOutcomes {
  /**
   * Registers the wait, runs `send`, and resolves with the event that ends `command`, or
   * with undefined when none arrived within `options.timeoutMs` (the command may still end).
   */
  abstract waitFor(
    subject: CommandSubject,
    command: AwaitedCommand,
    options: OutcomeOptions,
    send: () => Promise<void>,
  ): Promise<Outcome | undefined>;
}

/** The bus's outcome subscriptions: every replica sees every outcome, the waiting one takes it. */
@Injectable()
export class BusCommandOutcomes extends CommandOutcomes {
  constructor(private readonly bus: MessageBus) {
    super();
  }

  async waitFor(
    subject: CommandSubject,
    command: AwaitedCommand,
    options: OutcomeOptions,
    send: () => Promise<void>,
  ): Promise<Outcome | undefined> {
    try {
      return await this.bus.awaitOutcome(subject, command, options, send);
    } catch (error) {
      if (error instanceof CommandTimeout) return undefined;
      throw error;
    }
  }
}
