import { Inject, Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type OperationProgress, type Origin } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';

/**
 * Where the progress of a running operation goes. Progress is worth nothing once late,
 * so it is published straight away rather than through the outbox, and one that cannot
 * be sent is dropped.
 */
export abstract class ProgressReporter {
  abstract report(progress: OperationProgress, origin: Origin): Promise<void>;
}

/** `evt.proxmox.operation.progress` on the bus. */
@Injectable()
export class BusProgressReporter extends ProgressReporter {
  constructor(
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async report(progress: OperationProgress, origin: Origin): Promise<void> {
    await this.bus
      .publish(Subjects.proxmoxOperationProgress, progress, origin)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not publish operation progress'));
  }
}

/** Keeps what was reported, for unit tests to read. */
export class InMemoryProgressReporter extends ProgressReporter {
  readonly reports: OperationProgress[] = [];

  async report(progress: OperationProgress): Promise<void> {
    this.reports.push(progress);
  }
}
