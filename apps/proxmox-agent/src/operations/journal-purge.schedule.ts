import { Inject, Injectable } from '@nestjs/common';
import { Clock, IntervalSchedule } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { OperationJournalStore } from './operation-journal.store';

const PURGE_EVERY_MS = 3_600_000;
// Far past any redelivery: JetStream gives up on a command after its last attempt within minutes.
const KEEP_MS = 24 * 3_600_000;

/** Deletes the journals of commands that ended a day ago (they are kept for late redeliveries). */
@Injectable()
export class JournalPurgeSchedule extends IntervalSchedule {
  constructor(
    private readonly journals: OperationJournalStore,
    private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(PURGE_EVERY_MS, 'purge old operation journals', logger);
  }

  protected async tick(): Promise<void> {
    const purged = await this.journals.purgeBefore(new Date(this.clock.now().getTime() - KEEP_MS));
    if (purged > 0)
      this.logger.debug({ purged }, 'purged operation journals of commands that ended a day ago');
  }
}
