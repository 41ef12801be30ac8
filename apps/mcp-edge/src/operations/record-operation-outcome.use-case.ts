import { Injectable } from '@nestjs/common';
import type { Outcome } from '@proxmox-mpc/bus';
import { ErrorBodySchema, MessageContracts, Subjects } from '@proxmox-mpc/contracts';
import { Clock } from '@proxmox-mpc/service-runtime';
import { OperationStore, type OperationEnding } from './operation.store';

// What `operation_status` shows of a failure; the rest of the event stays in the audit log.
const FailureSchema = ErrorBodySchema.pick({ code: true, message: true });

/**
 * Records how a sent operation ended, from the event that ended its command (the one
 * whose causation id is the operation's id). Both the outcome consumer and the tool call
 * still waiting record it; the first one wins, and an operation that is not running (or
 * not ours) is left as it is.
 */
@Injectable()
export class RecordOperationOutcomeUseCase {
  constructor(
    private readonly operations: OperationStore,
    private readonly clock: Clock,
  ) {}

  async execute(outcome: Outcome): Promise<void> {
    const id = outcome.envelope.causationId;
    if (!id) return;
    await this.operations.end(id, endingOf(outcome), this.clock.now());
  }
}

/** The events that end an operation well; any other outcome ends it as failed. */
function endingOf({ subject, envelope }: Outcome): OperationEnding {
  switch (subject) {
    case Subjects.proxmoxOperationCompleted:
    case Subjects.iacApplied:
      return { status: 'completed', result: MessageContracts[subject].data.parse(envelope.data) };
    default:
      return { status: 'failed', error: FailureSchema.parse(envelope.data) };
  }
}
