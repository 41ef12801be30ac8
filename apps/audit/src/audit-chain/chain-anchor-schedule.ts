import { Inject, Injectable } from '@nestjs/common';
import { IntervalSchedule, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { AuditConfig } from '../config';
import { AnchorAuditChainUseCase } from './anchor-audit-chain.use-case';

/**
 * Anchors the chain every AUDIT_ANCHOR_INTERVAL_MS while the service runs. Rows recorded
 * after an anchor are not covered until the next one.
 */
@Injectable()
export class ChainAnchorSchedule extends IntervalSchedule {
  constructor(
    private readonly anchorChain: AnchorAuditChainUseCase,
    @Inject(SERVICE_CONFIG) config: AuditConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(config.AUDIT_ANCHOR_INTERVAL_MS, 'anchor the audit chain', logger);
  }

  protected async tick(): Promise<void> {
    await this.anchorChain.execute();
  }
}
