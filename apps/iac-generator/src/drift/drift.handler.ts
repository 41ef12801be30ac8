import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnEvents, OnQuery, type Emit } from '@proxmox-mpc/bus';
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

// Inventory events handed over together; each names hundreds of guests, most of which
// concern no workspace.
const GUEST_EVENTS_IN_FLIGHT = { concurrency: 16 };

/**
 * Drift over the bus: every inventory change compared with the workspaces of its
 * cluster as soon as the agent announces it (evt.iac.drift.detected), in batches of the
 * announcements that arrive together, and a workspace's whole drift on request.
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

  @OnEvents(Subjects.proxmoxInventoryGuestsCreated, GUEST_EVENTS_IN_FLIGHT)
  created(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsCreated>>>,
  ): Promise<Drift[]> {
    return this.detect(
      events.flatMap(({ data }) =>
        data.guests.map((guest) => ({ target: data.target, vmid: guest.vmid, guest })),
      ),
    );
  }

  @OnEvents(Subjects.proxmoxInventoryGuestsUpdated, GUEST_EVENTS_IN_FLIGHT)
  updated(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsUpdated>>>,
  ): Promise<Drift[]> {
    return this.detect(
      events.flatMap(({ data }) =>
        data.guests.map(({ guest }) => ({ target: data.target, vmid: guest.vmid, guest })),
      ),
    );
  }

  @OnEvents(Subjects.proxmoxInventoryGuestsDeleted, GUEST_EVENTS_IN_FLIGHT)
  deleted(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsDeleted>>>,
  ): Promise<Drift[]> {
    return this.detect(
      events.flatMap(({ data }) => data.guests.map(({ vmid }) => ({ target: data.target, vmid }))),
    );
  }

  private async detect(changes: readonly GuestChanged[]): Promise<Drift[]> {
    const drifts = await this.detectDrift.execute(changes);
    return drifts.map((drift) => emit(Subjects.iacDriftDetected, drift));
  }
}
