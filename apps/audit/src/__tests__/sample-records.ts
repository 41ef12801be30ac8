import { randomUUID } from 'node:crypto';
import type { ToolCalled } from '@proxmox-mpc/contracts';
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

/** A tool-call record whose arguments hold secrets, at the top level and nested. */
export const TOOL_CALL_WITH_SECRETS: ToolCalled = {
  tool: 'create_guest',
  transport: 'http',
  arguments: { name: 'web-01', cipassword: 'hunter2', nested: { apiToken: 'abc' } },
  outcome: 'ok',
  durationMs: 3,
};
