import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnEvent, OnQuery, type Emit } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type DataOf,
  type Envelope,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { DetectDriftUseCase, type GuestChanged } from './detect-drift.use-case';
import { ReportDriftUseCase } from './report-drift.use-case';

type Drift = Emit<typeof Subjects.iacDriftDetected>;

/**
 * Drift over the bus: every inventory change compared with the workspaces of its
 * cluster as soon as the agent announces it (evt.iac.drift.detected), and a workspace's
 * whole drift on request.
 */
@Controller()
export class DriftHandler {
  constructor(
    private readonly detectDrift: DetectDriftUseCase,
    private readonly reportDrift: ReportDriftUseCase,
  ) {}

  @OnQuery(Subjects.iacDriftReport)
  report(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.iacDriftReport>>,
  ): Promise<QueryResponseOf<typeof Subjects.iacDriftReport>> {
    return this.reportDrift.execute({ ...request.data, origin: originFrom(request) });
  }

  @OnEvent(Subjects.proxmoxInventoryGuestCreated)
  created(
    @Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestCreated>>,
  ): Promise<Drift[]> {
    return this.detect({ target: event.data.target, vmid: event.data.guest.vmid, guest: event.data.guest });
  }

  @OnEvent(Subjects.proxmoxInventoryGuestUpdated)
  updated(
    @Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestUpdated>>,
  ): Promise<Drift[]> {
    return this.detect({ target: event.data.target, vmid: event.data.guest.vmid, guest: event.data.guest });
  }

  @OnEvent(Subjects.proxmoxInventoryGuestDeleted)
  deleted(
    @Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestDeleted>>,
  ): Promise<Drift[]> {
    return this.detect({ target: event.data.target, vmid: event.data.vmid });
  }

  private async detect(change: GuestChanged): Promise<Drift[]> {
    return (await this.detectDrift.execute(change)).map((drift) => emit(Subjects.iacDriftDetected, drift));
  }
}
