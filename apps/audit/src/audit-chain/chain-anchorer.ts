import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type ChainAnchor } from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { AuditLogRepository } from '../audit-log/audit-log.repository';
import type { AuditConfig } from '../config';

// An idle log is anchored again this often, so its anchor never ages out of the EVT stream.
const REANCHOR_AFTER_MS = 24 * 3_600_000;

/**
 * Announces the audit log's head (`evt.audit.chain.anchored`) while the log grows, so a
 * copy of it lives outside the table: whoever deletes the newest rows, or rewrites the
 * whole chain with fresh hashes, cannot make verification pass. Rows recorded after the
 * last anchor are not covered until the next one (AUDIT_ANCHOR_INTERVAL_MS).
 */
@Injectable()
export class ChainAnchorer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private last: ChainAnchor | undefined;

  constructor(
    private readonly repository: AuditLogRepository,
    private readonly bus: MessageBus,
    @Inject(SERVICE_CONFIG) private readonly config: AuditConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.anchor().catch((error: unknown) =>
          this.logger.warn({ err: error }, 'could not anchor the audit chain; will try again'),
        ),
      this.config.AUDIT_ANCHOR_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Publishes the head if the log grew since the last anchor; returns what it published. */
  async anchor(): Promise<ChainAnchor | undefined> {
    const head = await this.repository.head();
    if (!head) return undefined;
    const last = this.last ?? (await this.bus.lastEvent(Subjects.auditChainAnchored))?.data;
    if (last && (await this.repository.linkAt(last.chainSeq))?.hash !== last.hash) {
      // Anchoring the log as it is now would make the tampering pass the next verification.
      this.logger.error(
        { anchoredSeq: last.chainSeq, anchoredAt: last.anchoredAt },
        'the audit log no longer holds the row its last anchor names; not anchoring over it (run audit_verify)',
      );
      return undefined;
    }
    const fresh = last !== undefined && Date.now() - Date.parse(last.anchoredAt) < REANCHOR_AFTER_MS;
    // Its own anchor events are recorded too: they alone do not call for another anchor.
    if (fresh && !(await this.repository.grewSince(last.chainSeq, Subjects.auditChainAnchored)))
      return undefined;
    const anchor: ChainAnchor = { ...head, anchoredAt: new Date().toISOString() };
    await this.bus.publish(Subjects.auditChainAnchored, anchor, {
      correlationId: randomUUID(),
      actor: { kind: 'service', id: this.bus.service },
    });
    this.last = anchor;
    return anchor;
  }
}
