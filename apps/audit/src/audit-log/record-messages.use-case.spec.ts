import { buildEnvelope, type RawBusMessage } from '@proxmox-mpc/bus';
import {
  MessageContracts,
  Subjects,
  type DataOf,
  type MessageSubject,
  type Origin,
} from '@proxmox-mpc/contracts';
import { AuditBatchWriter } from './audit-batch-writer';
import { InMemoryAuditLogStore } from './in-memory-audit-log.store';
import { RecordMessagesUseCase } from './record-messages.use-case';
import { TOOL_CALL_WITH_SECRETS } from '../__tests__/sample-records';

const origin: Origin = { correlationId: 'record-spec', actor: { kind: 'agent', id: 'token:agent' } };

let sequence = 0;

/** A message as JetStream stored it, with `body` as sent. */
function stored(subject: string, body: string, headers: Record<string, string> = {}): RawBusMessage {
  sequence += 1;
  return {
    subject,
    stream: subject.startsWith('cmd.') ? 'CMD' : 'EVT',
    streamSequence: sequence,
    storedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)),
    headers,
    body: new TextEncoder().encode(body),
  };
}

/** A valid envelope of `subject`, stored. */
function sent<S extends MessageSubject>(subject: S, data: DataOf<S>, headers: Record<string, string> = {}) {
  const contract = MessageContracts[subject];
  const envelope = buildEnvelope(subject, contract.type, contract.data, data, origin, 'mcp-edge');
  return {
    envelope,
    message: stored(subject, JSON.stringify(envelope), { 'Nats-Msg-Id': envelope.id, ...headers }),
  };
}

describe(RecordMessagesUseCase.name, () => {
  let log: InMemoryAuditLogStore;
  let sut: RecordMessagesUseCase;

  beforeEach(() => {
    log = new InMemoryAuditLogStore();
    sut = new RecordMessagesUseCase(new AuditBatchWriter(log));
  });

  it('should record a command with who sent it and for which user action', async () => {
    const { envelope, message } = sent(Subjects.proxmoxGuestPower, { vmid: 100, action: 'start' });

    expect(await sut.execute([message])).toEqual(new Map());

    expect(log.rows).toEqual([
      expect.objectContaining({
        message_id: envelope.id,
        subject: Subjects.proxmoxGuestPower,
        correlation_id: 'record-spec',
        actor_kind: 'agent',
        actor_id: 'token:agent',
        occurred_at: new Date(envelope.time),
        stored_at: message.storedAt,
        valid: true,
        headers: { 'Nats-Msg-Id': envelope.id },
        envelope: expect.objectContaining({ data: { vmid: 100, action: 'start' } }),
      }),
    ]);
  });

  it('should redact secrets in the envelope and the headers', async () => {
    const { message } = sent(Subjects.mcpToolCalled, TOOL_CALL_WITH_SECRETS, {
      Authorization: 'Bearer sekret-token-value',
    });

    await sut.execute([message]);

    const [row] = log.rows;
    expect(JSON.stringify(row)).not.toMatch(/hunter2|sekret-token-value|"abc"/);
    expect((row?.envelope as { data: { arguments: unknown } }).data.arguments).toEqual({
      name: 'web-01',
      cipassword: '[REDACTED]',
      nested: { apiToken: '[REDACTED]' },
    });
    expect(row?.headers).toMatchObject({ Authorization: '[REDACTED]' });
  });

  it('should keep a message that breaks its contract, flagged with the reason', async () => {
    const { envelope } = sent(Subjects.proxmoxGuestPower, { vmid: 102, action: 'start' });

    const broken = JSON.stringify({ ...envelope, data: { vmid: 1 } });

    await sut.execute([stored(Subjects.proxmoxGuestPower, broken, { 'Nats-Msg-Id': envelope.id })]);

    expect(log.rows[0]).toMatchObject({
      message_id: envelope.id,
      valid: false,
      correlation_id: 'record-spec',
    });
    expect(log.rows[0]?.problems).toContain('data.vmid');
    expect(log.rows[0]?.problems).toContain('data.action');
  });

  it('should keep a body that is not JSON as text, named by its stream place', async () => {
    const message = stored('evt.unknown.thing', 'plain text, not an envelope');

    await sut.execute([message]);

    expect(log.rows[0]).toMatchObject({
      message_id: `EVT:${message.streamSequence}`,
      valid: false,
      envelope: null,
      body: 'plain text, not an envelope',
    });
  });

  it('should record a redelivered message once, from a later batch or the same one', async () => {
    const { message } = sent(Subjects.proxmoxGuestPower, { vmid: 101, action: 'stop' });

    await sut.execute([message]);
    const [again, twice] = await Promise.all([sut.execute([message]), sut.execute([message, message])]);

    expect([again, twice]).toEqual([new Map(), new Map()]);
    expect(log.rows).toHaveLength(1);
  });

  it('should write the messages handled at the same time in one batch, in storage order', async () => {
    const messages = Array.from(
      { length: 20 },
      (_, vmid) => sent(Subjects.proxmoxGuestPower, { vmid: 100 + vmid, action: 'start' }).message,
    );

    await sut.execute([...messages].reverse());

    expect(log.appends).toHaveLength(1);
    expect(log.rows.map((row) => row.stored_at)).toEqual(messages.map((message) => message.storedAt));
    expect(log.rows.map((row) => row.chain_seq)).toEqual(messages.map((_, index) => String(index + 1)));
  });

  it('should fail only the message the log refuses, and record the rest of its batch', async () => {
    const good = Array.from(
      { length: 5 },
      (_, vmid) => sent(Subjects.proxmoxGuestPower, { vmid: 100 + vmid, action: 'start' }).message,
    );
    const bad = { ...stored('', 'no subject'), subject: null as unknown as string };

    const failures = await sut.execute([...good, bad]);

    expect([...failures.keys()]).toEqual([bad]);
    expect(failures.get(bad)).toEqual(
      expect.objectContaining({ message: expect.stringMatching(/"subject"/) }),
    );
    expect(log.rows).toHaveLength(5);
  });
});
