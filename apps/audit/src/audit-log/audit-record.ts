import { decodeMessage, Headers, type RawBusMessage } from '@proxmox-mpc/bus';
import { describeIssues, type Envelope } from '@proxmox-mpc/contracts';
import { redactSecrets } from '@proxmox-mpc/telemetry';
import type { AuditRecord } from './audit-message';

// Keeps a hostile or broken publisher from filling the audit table with one message.
const MAX_RAW_BODY = 64 * 1024;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

const utf8 = new TextDecoder();

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
}

/**
 * Records even messages that break their contract (flagged `valid = false` with the
 * reason): an audit log that drops malformed input hides exactly what it should show.
 */
export function toAuditRecord(message: RawBusMessage): AuditRecord {
  const decoded = decodeMessage(message.subject, message.body);
  const json = decoded.ok ? decoded.envelope : parseJson(message.body);
  const envelope = (typeof json === 'object' && json !== null ? json : {}) as Partial<Envelope>;
  const actor = (typeof envelope.actor === 'object' && envelope.actor !== null ? envelope.actor : {}) as {
    kind?: unknown;
    id?: unknown;
  };
  const envelopeId = decoded.ok ? decoded.envelope.id : undefined;
  return {
    message_id:
      envelopeId ?? message.headers[Headers.messageId] ?? `${message.stream}:${message.streamSequence}`,
    stream: message.stream,
    stream_sequence: message.streamSequence,
    subject: message.subject,
    type: text(envelope.type),
    source: text(envelope.source),
    correlation_id: text(envelope.correlationId) ?? message.headers[Headers.correlationId] ?? null,
    causation_id: text(envelope.causationId),
    actor_kind: text(actor.kind),
    actor_id: text(actor.id),
    target: text(envelope.target),
    occurred_at: decoded.ok ? decoded.envelope.time : null,
    stored_at: message.storedAt,
    valid: decoded.ok,
    problems: decoded.ok ? null : describeIssues(decoded.issues),
    headers: redactSecrets(message.headers),
    envelope: json === undefined ? null : redactSecrets(json),
    body: json === undefined ? utf8.decode(message.body.subarray(0, MAX_RAW_BODY)) : null,
  };
}
