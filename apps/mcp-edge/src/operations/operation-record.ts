import type { CommandSubject, ErrorCode, Origin } from '@proxmox-mpc/contracts';

export type OperationStatus = 'awaiting-approval' | 'running' | 'completed' | 'failed' | 'denied' | 'expired';

/** A command an MCP caller asked for, as mcp-edge keeps it. */
export interface OperationRecord {
  id: string;
  correlationId: string;
  tool: string;
  requestedBy: string;
  target: string | null;
  summary: string;
  status: OperationStatus;
  subject: CommandSubject;
  data: unknown;
  origin: Origin;
  approvalAction: string | null;
  expiresAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
  result: Record<string, unknown> | null;
  error: { code: ErrorCode; message: string } | null;
  createdAt: Date;
}

interface OperationRow {
  id: string;
  correlation_id: string;
  tool: string;
  requested_by: string;
  target: string | null;
  summary: string;
  status: OperationStatus;
  subject: CommandSubject;
  data: unknown;
  origin: Origin;
  approval_action: string | null;
  expires_at: Date | null;
  decided_by: string | null;
  reason: string | null;
  result: Record<string, unknown> | null;
  error: { code: ErrorCode; message: string } | null;
  created_at: Date;
}

export function fromRow(row: OperationRow): OperationRecord {
  return {
    id: row.id,
    correlationId: row.correlation_id,
    tool: row.tool,
    requestedBy: row.requested_by,
    target: row.target,
    summary: row.summary,
    status: row.status,
    subject: row.subject,
    data: row.data,
    origin: row.origin,
    approvalAction: row.approval_action,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    reason: row.reason,
    result: row.result,
    error: row.error,
    createdAt: row.created_at,
  };
}

export type { OperationRow };
