import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnCommand, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope } from '@proxmox-mpc/contracts';
import { failures } from './iac-failed';
import { ImportInventoryUseCase } from './import-inventory.use-case';
import { InitWorkspaceUseCase } from './init-workspace.use-case';
import { PlanGuestsUseCase } from './plan-guests.use-case';

type Failed = Emit<typeof Subjects.iacFailed>;
type Generated = Emit<typeof Subjects.iacGenerated>;

/** Creating workspaces, importing a cluster into one, and planning requested guests in it. */
@Controller()
export class WorkspaceHandler {
  constructor(
    private readonly initWorkspace: InitWorkspaceUseCase,
    private readonly importInventory: ImportInventoryUseCase,
    private readonly planGuests: PlanGuestsUseCase,
  ) {}

  @OnCommand(Subjects.iacWorkspaceInit)
  init(
    @Payload() command: Envelope<DataOf<typeof Subjects.iacWorkspaceInit>>,
  ): Promise<Emit<typeof Subjects.iacWorkspaceInitialized> | Failed> {
    const target = command.data.target ?? command.target;
    return failures(command.data.workspace, async () =>
      emit(
        Subjects.iacWorkspaceInitialized,
        await this.initWorkspace.execute({
          ...command.data,
          ...(target ? { target } : {}),
          origin: originFrom(command),
        }),
      ),
    );
  }

  @OnCommand(Subjects.iacImport)
  import(@Payload() command: Envelope<DataOf<typeof Subjects.iacImport>>): Promise<Generated | Failed> {
    return failures(command.data.workspace, async () =>
      emit(
        Subjects.iacGenerated,
        await this.importInventory.execute({ ...command.data, origin: originFrom(command) }),
      ),
    );
  }

  @OnCommand(Subjects.iacPlan)
  plan(@Payload() command: Envelope<DataOf<typeof Subjects.iacPlan>>): Promise<Generated | Failed> {
    return failures(command.data.workspace, async () =>
      emit(
        Subjects.iacGenerated,
        await this.planGuests.execute({ ...command.data, origin: originFrom(command) }),
      ),
    );
  }
}
