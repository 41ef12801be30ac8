import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, HandlerError, MessageBus, OnCommand, OnEvent, OnEvents, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { IndexGuestUseCase } from './index-guest.use-case';
import { IngestSourcesUseCase } from './ingest-sources.use-case';
import { IndexWorkspaceUseCase } from './index-workspace.use-case';
import { SyncPassGates } from './sync-pass-gates';

// Progress is for people watching: at most this often per source.
const PROGRESS_INTERVAL_MS = 500;
// Guest events in flight at once per consumer, handed over together: each names hundreds
// of guests, so a full sync's 10,000 are a few handler calls and writes (IndexGuestUseCase
// also merges the calls of the three consumers that arrive together). It also bounds what
// a replica holds while a pass runs (SyncPassGates).
const GUEST_EVENTS_IN_FLIGHT = { concurrency: 16 };

type GuestEvent = Envelope<
  DataOf<
    | typeof Subjects.proxmoxInventoryGuestsCreated
    | typeof Subjects.proxmoxInventoryGuestsUpdated
    | typeof Subjects.proxmoxInventoryGuestsDeleted
  >
>;

/** Ingest on request (with progress), and the inventory and workspaces kept current from their events. */
@Controller()
export class IngestHandler {
  constructor(
    private readonly ingestSources: IngestSourcesUseCase,
    private readonly indexGuest: IndexGuestUseCase,
    private readonly indexWorkspace: IndexWorkspaceUseCase,
    private readonly gates: SyncPassGates,
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnCommand(Subjects.ragIngest)
  async ingest(
    @Payload() command: Envelope<DataOf<typeof Subjects.ragIngest>>,
  ): Promise<Emit<typeof Subjects.ragIngestCompleted> | Emit<typeof Subjects.ragIngestFailed>> {
    const origin = originFrom(command);
    let last = 0;
    try {
      const result = await this.ingestSources.execute(command.data, (source, done, total) => {
        const now = Date.now();
        if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
        last = now;
        void this.bus
          .publish(
            Subjects.ragIngestProgress,
            { source: source.name, kind: source.kind, done, total },
            origin,
          )
          .catch((error: unknown) => this.logger.debug({ err: error }, 'ingest progress not sent'));
      });
      return emit(Subjects.ragIngestCompleted, result);
    } catch (error) {
      if (error instanceof HandlerError && !error.retryable)
        return emit(Subjects.ragIngestFailed, {
          ...(command.data.source ? { source: command.data.source } : {}),
          code: error.code,
          message: error.message,
        });
      throw error;
    }
  }

  @OnEvents(Subjects.proxmoxInventoryGuestsCreated, GUEST_EVENTS_IN_FLIGHT)
  async created(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsCreated>>>,
  ): Promise<void> {
    await this.passed(events);
    await Promise.all(
      events.flatMap(({ data }) => data.guests.map((guest) => this.indexGuest.upsert(data.target, guest))),
    );
  }

  @OnEvents(Subjects.proxmoxInventoryGuestsUpdated, GUEST_EVENTS_IN_FLIGHT)
  async updated(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsUpdated>>>,
  ): Promise<void> {
    await this.passed(events);
    await Promise.all(
      events.flatMap(({ data }) =>
        data.guests.map(({ guest }) => this.indexGuest.upsert(data.target, guest)),
      ),
    );
  }

  @OnEvents(Subjects.proxmoxInventoryGuestsDeleted, GUEST_EVENTS_IN_FLIGHT)
  async deleted(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsDeleted>>>,
  ): Promise<void> {
    await this.passed(events);
    await Promise.all(
      events.flatMap(({ data }) => data.guests.map(({ vmid }) => this.indexGuest.remove(data.target, vmid))),
    );
  }

  /** Every replica hears a pass end: the replica holding its changes may be any of them. */
  @OnEvent(Subjects.proxmoxInventorySynced, { everyReplica: true })
  synced(@Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventorySynced>>): void {
    this.gates.ended(event.data.target, event.correlationId);
  }

  @OnEvent(Subjects.iacGenerated)
  async generated(@Payload() event: Envelope<DataOf<typeof Subjects.iacGenerated>>): Promise<void> {
    await this.indexWorkspace.execute(event.data.workspace, originFrom(event));
  }

  /** Until the guest events' clusters are not held by a pass (a pass's own, until it ends). */
  private async passed(events: readonly GuestEvent[]): Promise<void> {
    await Promise.all(
      events.map(({ data, correlationId }) => this.gates.passed(data.target, data.pass && correlationId)),
    );
  }
}
