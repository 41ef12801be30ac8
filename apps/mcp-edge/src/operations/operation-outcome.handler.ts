import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusContext, OnEvent } from '@proxmox-mpc/bus';
import { Subjects, type Envelope } from '@proxmox-mpc/contracts';
import { RecordOperationOutcomeUseCase } from './record-operation-outcome.use-case';

/**
 * Records how operations ended, whichever replica sent them and whether or not a tool
 * call was still waiting; `operation_status` reads what this writes.
 */
@Controller()
export class OperationOutcomeHandler {
  constructor(private readonly recordOutcome: RecordOperationOutcomeUseCase) {}

  @OnEvent(Subjects.proxmoxOperationCompleted)
  completed(@Payload() event: Envelope, @Ctx() context: BusContext): Promise<void> {
    return this.recordOutcome.execute({ subject: context.subject, envelope: event });
  }

  @OnEvent(Subjects.proxmoxOperationFailed)
  failed(@Payload() event: Envelope, @Ctx() context: BusContext): Promise<void> {
    return this.recordOutcome.execute({ subject: context.subject, envelope: event });
  }

  @OnEvent(Subjects.iacApplied)
  applied(@Payload() event: Envelope, @Ctx() context: BusContext): Promise<void> {
    return this.recordOutcome.execute({ subject: context.subject, envelope: event });
  }

  @OnEvent(Subjects.iacFailed)
  iacFailed(@Payload() event: Envelope, @Ctx() context: BusContext): Promise<void> {
    return this.recordOutcome.execute({ subject: context.subject, envelope: event });
  }

  @OnEvent(Subjects.busMessageFailed)
  rejected(@Payload() event: Envelope, @Ctx() context: BusContext): Promise<void> {
    return this.recordOutcome.execute({ subject: context.subject, envelope: event });
  }
}
