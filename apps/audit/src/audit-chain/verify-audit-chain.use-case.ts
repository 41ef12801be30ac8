import { Injectable } from '@nestjs/common';
import { EventOutbox } from '@proxmox-mpc/bus';
import { Subjects, type ChainVerification, type Origin } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { AuditLogStore, type ChainBreak } from '../audit-log/audit-log.store';
import { recordChainVerification } from './audit-chain-metrics';
import { ChainAnchors } from './chain-anchors';

const REASONS: Record<ChainBreak['cause'], string> = {
  'row-missing-before': 'a row before it is missing',
  'hash-mismatch': 'its hash does not match its content and the row before it',
};

/**
 * Verifies the audit log: every row must follow from the one before (the hash chain in
 * the table), and the newest anchor published outside the table must still name a row
 * with the same hash, or the newest rows were removed or the chain rewritten. The result
 * is announced (evt.audit.chain.verified) and kept where Prometheus reads it.
 */
@Injectable()
export class VerifyAuditChainUseCase {
  constructor(
    private readonly log: AuditLogStore,
    private readonly anchors: ChainAnchors,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ origin }: { origin: Origin }): Promise<ChainVerification> {
    const result = await this.verify();
    recordChainVerification(result);
    await this.transactions.run((tx) => this.outbox.add(tx, Subjects.auditChainVerified, result, origin));
    await this.outbox.flush();
    return result;
  }

  private async verify(): Promise<ChainVerification> {
    const { rows, firstBreak } = await this.log.checkChain();
    const anchor = await this.anchors.latest();
    const checked = { rows, ...(anchor ? { anchor } : {}) };
    if (firstBreak) {
      const { cause, ...link } = firstBreak;
      return { ...checked, firstBroken: { ...link, reason: REASONS[cause] } };
    }
    if (!anchor) return checked;
    const link = await this.log.linkAt(anchor.chainSeq);
    if (!link) {
      const head = await this.log.head();
      return {
        ...checked,
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
        ...checked,
        firstBroken: {
          chainSeq: link.chainSeq,
          messageId: link.messageId,
          reason: `its hash differs from the one anchored at ${anchor.anchoredAt}: the log was rewritten`,
        },
      };
    }
    return checked;
  }
}
