import { Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type ChainVerification } from '@proxmox-mpc/contracts';
import { AuditLogRepository } from '../audit-log/audit-log.repository';

/**
 * Verifies the audit log: every row must follow from the one before (the hash chain in
 * the table), and the newest anchor published outside the table must still name a row
 * with the same hash, or the newest rows were removed or the chain rewritten.
 */
@Injectable()
export class ChainVerifier {
  constructor(
    private readonly repository: AuditLogRepository,
    private readonly bus: MessageBus,
  ) {}

  async verify(): Promise<ChainVerification> {
    const chain = await this.repository.verifyChain();
    const anchor = (await this.bus.lastEvent(Subjects.auditChainAnchored))?.data;
    if (!anchor || chain.firstBroken) return anchor ? { ...chain, anchor } : chain;
    const link = await this.repository.linkAt(anchor.chainSeq);
    if (!link) {
      const head = await this.repository.head();
      return {
        ...chain,
        anchor,
        firstBroken: {
          chainSeq: anchor.chainSeq,
          messageId: anchor.messageId,
          reason:
            `it was removed: the anchor published at ${anchor.anchoredAt} names it, ` +
            `but the log now ends at row #${head?.chainSeq ?? 0}`,
        },
      };
    }
    if (link.hash !== anchor.hash) {
      return {
        ...chain,
        anchor,
        firstBroken: {
          chainSeq: link.chainSeq,
          messageId: link.messageId,
          reason: `its hash differs from the one anchored at ${anchor.anchoredAt}: the log was rewritten`,
        },
      };
    }
    return { ...chain, anchor };
  }
}
