import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { PlatformFeeds } from '../feeds/platform-feeds';
import { KnowledgeStore } from '../knowledge/knowledge.store';
import type { RagConfig } from '../config';
import { auditDocument, isAuditedAction } from '../sources/audit-documents';
import { DocumentIndexer, type SourceRef } from './document-indexer';

const AUDIT: SourceRef = { name: 'audit', kind: 'audit' };
const PAGE = 500;
const DAY_MS = 24 * 3_600_000;

/**
 * Reads the audit log's new records into the index (the actions among them: commands, tool
 * calls, approvals, outcomes), from after the newest one indexed, and lets records older
 * than the retention leave it. The audit log itself keeps everything.
 */
@Injectable()
export class IndexAuditLogUseCase {
  constructor(
    private readonly feeds: PlatformFeeds,
    private readonly store: KnowledgeStore,
    private readonly indexer: DocumentIndexer,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: RagConfig,
  ) {}

  /** Returns how many records were indexed. */
  async execute(): Promise<number> {
    const origin = { correlationId: randomUUID(), actor: { kind: 'service' as const, id: 'rag' } };
    let indexed = 0;
    for (;;) {
      const after = await this.store.auditCursor();
      const rows = await this.feeds.auditAfter(origin, after, PAGE);
      const actions = rows.filter(isAuditedAction);
      await this.indexer.index(AUDIT, actions.map(auditDocument));
      indexed += actions.length;
      const last = rows[rows.length - 1];
      if (last) await this.store.setAuditCursor(last.chainSeq);
      if (rows.length < PAGE) break;
    }
    const oldest = new Date(this.clock.now().getTime() - this.config.RAG_AUDIT_RETENTION_DAYS * DAY_MS);
    await this.indexer.remove(AUDIT, await this.store.pathsBefore(AUDIT.name, oldest));
    return indexed;
  }
}
