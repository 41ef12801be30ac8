import { pollUntil } from '@proxmox-mpc/testing';
import { Client } from 'pg';

export interface AuditRow {
  subject: string;
  correlation_id: string | null;
  valid: boolean;
  problems: string | null;
  envelope: unknown;
  headers: Record<string, string>;
}

/** Polls the audit service's table until `done` is satisfied (the audit consumer is asynchronous). */
export async function auditRowsFor(
  databaseUrl: string,
  where: { correlationId?: string; messageId?: string },
  done: (rows: AuditRow[]) => boolean,
  timeoutMs = 15_000,
): Promise<AuditRow[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await pollUntil(
      async () =>
        (
          await client.query<AuditRow>(
            `SELECT subject, correlation_id, valid, problems, envelope, headers FROM audit.audit_messages
              WHERE ($1::text IS NULL OR correlation_id = $1) AND ($2::text IS NULL OR message_id = $2)
              ORDER BY stored_at`,
            [where.correlationId ?? null, where.messageId ?? null],
          )
        ).rows,
      done,
      timeoutMs,
      100,
    );
  } finally {
    await client.end();
  }
}
