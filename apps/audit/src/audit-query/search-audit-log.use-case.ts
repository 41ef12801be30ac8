import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_SEARCH_DEFAULT_LIMIT,
  Subjects,
  type AuditEntry,
  type AuditGuest,
  type AuditSearchRequest,
  type QueryResponseOf,
  type ToolCalled,
} from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { AuditLogStore, type AuditFilter, type AuditSearchRow } from '../audit-log/audit-log.store';
import type { AuditConfig } from '../config';

type SearchResult = QueryResponseOf<typeof Subjects.auditSearch>;

// A reply has to fit one NATS message (1 MB by default) with room for the envelope; a
// page of large messages ends early and the cursor carries on from there.
const MAX_PAGE_BYTES = 768 * 1024;

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Reads the audit log by correlation id, actor, guest, type and time, in chain order, a
 * page at a time; a correlation id's search links its trace in Jaeger when JAEGER_URL is set.
 */
@Injectable()
export class SearchAuditLogUseCase {
  constructor(
    private readonly log: AuditLogStore,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<AuditConfig, 'JAEGER_URL'>,
  ) {}

  async execute({
    cursor,
    limit = AUDIT_SEARCH_DEFAULT_LIMIT,
    ...filter
  }: AuditSearchRequest): Promise<SearchResult> {
    const jaegerUrl = filter.correlationId ? await this.traceLink(filter) : undefined;
    // One row more than asked tells whether there is a next page.
    const rows = await this.log.search(filter, { ...(cursor ? { after: cursor } : {}), limit: limit + 1 });
    const entries: AuditEntry[] = [];
    let bytes = 0;
    for (const row of rows.slice(0, limit)) {
      const entry = entryOf(row);
      bytes += JSON.stringify(entry).length;
      if (bytes > MAX_PAGE_BYTES && entries.length > 0) break;
      entries.push(entry);
    }
    const more = entries.length < rows.length;
    return {
      rows: entries,
      ...(more ? { nextCursor: String(entries[entries.length - 1]?.chainSeq) } : {}),
      ...(jaegerUrl ? { jaegerUrl } : {}),
    };
  }

  /**
   * Jaeger's page for the trace the user action began in: that of the first message the
   * search matches on any page (so a caller limited to its own rows sees only its traces).
   */
  private async traceLink(filter: AuditFilter): Promise<string | undefined> {
    if (!this.config.JAEGER_URL) return undefined;
    const traceId = traceIdOf(await this.log.firstTraceparent(filter));
    return traceId ? `${this.config.JAEGER_URL}/trace/${traceId}` : undefined;
  }
}

function traceIdOf(traceparent: string | null | undefined): string | undefined {
  const traceId = traceparent?.match(TRACEPARENT)?.[1];
  return traceId && !/^0+$/.test(traceId) ? traceId : undefined;
}

function entryOf(row: AuditSearchRow): AuditEntry {
  const toolCall =
    row.valid && row.subject === Subjects.mcpToolCalled ? (row.data as ToolCalled | null) : undefined;
  const guests = (row.guest_refs ?? []) as AuditGuest[];
  const traceId = traceIdOf(row.traceparent);
  return {
    chainSeq: Number(row.chain_seq),
    messageId: row.message_id,
    subject: row.subject,
    type: row.type,
    source: row.source,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    actor: row.actor_id === null ? null : { kind: row.actor_kind, id: row.actor_id },
    target: row.target,
    guest: guests.length === 1 ? (guests[0] ?? null) : null,
    occurredAt: row.occurred_at?.toISOString() ?? null,
    storedAt: row.stored_at.toISOString(),
    valid: row.valid,
    problems: row.problems,
    ...(traceId ? { traceId } : {}),
    ...(toolCall ? { outcome: toolCall.outcome, durationMs: toolCall.durationMs } : {}),
    data: row.data,
    ...(row.body === null ? {} : { body: row.body }),
  };
}
