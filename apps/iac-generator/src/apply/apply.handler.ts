import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnCommand, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope } from '@proxmox-mpc/contracts';
import { failures } from '../workspaces/iac-failed';
import { ApplyRevisionUseCase } from './apply-revision.use-case';

/** Applying a workspace revision (cmd.iac.apply): it ends in evt.iac.applied or evt.iac.failed. */
@Controller()
export class ApplyHandler {
  constructor(private readonly applyRevision: ApplyRevisionUseCase) {}

  @OnCommand(Subjects.iacApply)
  apply(
    @Payload() command: Envelope<DataOf<typeof Subjects.iacApply>>,
  ): Promise<Emit<typeof Subjects.iacApplied> | Emit<typeof Subjects.iacFailed>> {
    const { workspace } = command.data;
    return failures(workspace, async () => {
      const outcome = await this.applyRevision.execute({ ...command.data, origin: originFrom(command) });
      return 'applied' in outcome
        ? emit(Subjects.iacApplied, outcome.applied)
        : emit(Subjects.iacFailed, { workspace, ...outcome.stopped });
    });
  }
}
