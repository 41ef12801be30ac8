import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_SEARCH_DEFAULT_LIMIT,
  Subjects,
  type AuditEntry,
  type AuditSearchRequest,
  type QueryResponseOf,
  type ToolCalled,
} from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { DataSource } from 'typeorm';
import type { AuditConfig } from '../config';

type SearchResult = QueryResponseOf<typeof Subjects.auditSearch>;

// A reply has to fit one NATS message (1 MB by default) with room for the envelope; a
// page of large messages ends early and the cursor carries on from there.
const MAX_PAGE_BYTES = 768 * 1024;

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

interface Row {
  chain_seq: string;
  message_id: string;
  subject: string;
  type: string | null;
  source: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  actor_kind: string | null;
  actor_id: string | null;
  target: string | null;
  guest_vmid: string | null;
  guest_node: string | null;
  guest_name: string | null;
  occurred_at: Date | null;
  stored_at: Date;
  valid: boolean;
  problems: string | null;
  traceparent: string | null;
  data: unknown;
  body: string | null;
}

function traceIdOf(traceparent: string | null | undefined): string | undefined {
  const traceId = traceparent?.match(TRACEPARENT)?.[1];
  return traceId && !/^0+$/.test(traceId) ? traceId : undefined;
}

function toEntry(row: Row): AuditEntry {
  const toolCall =
    row.valid && row.subject === Subjects.mcpToolCalled ? (row.data as ToolCalled | null) : undefined;
  const guest = {
    ...(row.guest_vmid === null ? {} : { vmid: Number(row.guest_vmid) }),
    ...(row.guest_node === null ? {} : { node: row.guest_node }),
    ...(row.guest_name === null ? {} : { name: row.guest_name }),
  };
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
    guest: Object.keys(guest).length > 0 ? guest : null,
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

/** Reads the audit log by correlation id, actor, guest, type and time, in chain order, a page at a time. */
@Injectable()
export class AuditSearch {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AuditConfig,
  ) {}

  async search(request: AuditSearchRequest): Promise<SearchResult> {
    const values: unknown[] = [];
    const param = (value: unknown): string => `$${values.push(value)}`;
    const where: string[] = [];
    if (request.correlationId) where.push(`correlation_id = ${param(request.correlationId)}`);
    if (request.actorId) where.push(`actor_id = ${param(request.actorId)}`);
    if (request.guest?.vmid !== undefined) where.push(`guest_vmid = ${param(request.guest.vmid)}`);
    if (request.guest?.node) where.push(`guest_node = ${param(request.guest.node)}`);
    if (request.guest?.name) where.push(`guest_name = ${param(request.guest.name)}`);
    if (request.type) {
      const type = param(request.type);
      where.push(`(type = ${type} OR subject = ${type} OR starts_with(subject, ${type} || '.'))`);
    }
    if (request.from) where.push(`stored_at >= ${param(request.from)}`);
    if (request.to) where.push(`stored_at < ${param(request.to)}`);
    const jaegerUrl = request.correlationId ? await this.traceLink(where, values) : undefined;
    const limit = request.limit ?? AUDIT_SEARCH_DEFAULT_LIMIT;
    const page = [...where, ...(request.cursor ? [`chain_seq > ${param(request.cursor)}`] : [])];
    // One row more than asked tells whether there is a next page.
    const rows: Row[] = await this.dataSource.query(
      `SELECT chain_seq, message_id, subject, type, source, correlation_id, causation_id, actor_kind, actor_id,
              target, guest_vmid, guest_node, guest_name, occurred_at, stored_at, valid, problems,
              headers->>'traceparent' AS traceparent, envelope->'data' AS data, body
         FROM audit_messages
        ${page.length > 0 ? `WHERE ${page.join(' AND ')}` : ''}
        ORDER BY chain_seq
        LIMIT ${param(limit + 1)}`,
      values,
    );
    const entries: AuditEntry[] = [];
    let bytes = 0;
    for (const row of rows.slice(0, limit)) {
      const entry = toEntry(row);
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
  private async traceLink(where: readonly string[], values: readonly unknown[]): Promise<string | undefined> {
    if (!this.config.JAEGER_URL) return undefined;
    const [first]: Array<{ traceparent: string }> = await this.dataSource.query(
      `SELECT headers->>'traceparent' AS traceparent FROM audit_messages
        WHERE ${[...where, `headers ? 'traceparent'`].join(' AND ')}
        ORDER BY chain_seq LIMIT 1`,
      [...values],
    );
    const traceId = traceIdOf(first?.traceparent);
    return traceId ? `${this.config.JAEGER_URL}/trace/${traceId}` : undefined;
  }
}
