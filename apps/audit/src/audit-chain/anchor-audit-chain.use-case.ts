import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@proxmox-mpc/bus';
import { Subjects, type ChainAnchor } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock, SERVICE_NAME } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { AuditLogStore } from '../audit-log/audit-log.store';
import { ChainAnchors } from './chain-anchors';

// An idle log is anchored again this often, so its anchor never ages out of the EVT stream.
const REANCHOR_AFTER_MS = 24 * 3_600_000;

/**
 * Announces the audit log's head (evt.audit.chain.anchored) when the log grew since the
 * last anchor, so a copy of it lives outside the table: whoever deletes the newest rows,
 * or rewrites the whole chain with fresh hashes, cannot make verification pass. Refuses
 * to anchor a log that no longer holds the row the last anchor names.
 */
@Injectable()
export class AnchorAuditChainUseCase {
  constructor(
    private readonly log: AuditLogStore,
    private readonly anchors: ChainAnchors,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** What it published, or undefined when there was nothing (or nothing safe) to anchor. */
  async execute(): Promise<ChainAnchor | undefined> {
    const head = await this.log.head();
    if (!head) return undefined;
    const last = await this.anchors.latest();
    if (last && (await this.log.linkAt(last.chainSeq))?.hash !== last.hash) {
      // Anchoring the log as it is now would make the tampering pass the next verification.
      this.logger.error(
        { anchoredSeq: last.chainSeq, anchoredAt: last.anchoredAt },
        'the audit log no longer holds the row its last anchor names; not anchoring over it (run audit_verify)',
      );
      return undefined;
    }
    const now = this.clock.now();
    const fresh = last !== undefined && now.getTime() - Date.parse(last.anchoredAt) < REANCHOR_AFTER_MS;
    // Its own anchor events are recorded too: they alone do not call for another anchor.
    if (fresh && !(await this.log.grewSince(last.chainSeq, Subjects.auditChainAnchored))) return undefined;
    const anchor: ChainAnchor = { ...head, anchoredAt: now.toISOString() };
    await this.transactions.run((tx) =>
      this.outbox.add(tx, Subjects.auditChainAnchored, anchor, {
        correlationId: randomUUID(),
        actor: { kind: 'service', id: this.service },
      }),
    );
    await this.outbox.flush();
    return anchor;
  }
}
