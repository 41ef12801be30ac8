import { Inject, Injectable } from '@nestjs/common';
import { IntervalSchedule } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { ExpireApprovalsUseCase } from './expire-approvals.use-case';

// How long an undecided approval may still read "pending" after it expired.
const EXPIRY_SWEEP_MS = 30_000;

/** Runs the expiry sweep on every replica; the conditional write lets only one close each approval. */
@Injectable()
export class ApprovalExpirySchedule extends IntervalSchedule {
  constructor(
    private readonly expireApprovals: ExpireApprovalsUseCase,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(EXPIRY_SWEEP_MS, 'close expired approvals', logger);
  }

  protected async tick(): Promise<void> {
    const expired = await this.expireApprovals.execute();
    if (expired > 0) this.logger.info({ expired }, 'closed approvals nobody decided in time');
  }
}
