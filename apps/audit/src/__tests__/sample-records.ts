import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../audit-log/audit-message';

let sequence = 0;

/** A row as ingest writes it, for unit tests: a power command unless `overrides` say otherwise. */
export function sampleRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  sequence += 1;
  return {
    message_id: randomUUID(),
    stream: 'CMD',
    stream_sequence: sequence,
    subject: 'cmd.proxmox.guest.power',
    type: 'proxmox.guest.power.requested',
    source: 'mcp-edge',
    correlation_id: 'sample-action',
    causation_id: null,
    actor_kind: 'agent',
    actor_id: 'token:agent',
    target: null,
    occurred_at: '2026-01-01T00:00:00.000Z',
    stored_at: new Date('2026-01-01T00:00:00.000Z'),
    valid: true,
    problems: null,
    headers: {},
    envelope: { data: { vmid: 100, action: 'start' } },
    body: null,
    ...overrides,
  };
}
