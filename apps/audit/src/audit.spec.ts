import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { AuditLogStore } from './audit-log/audit-log.store';
import { auditService } from './audit.service';
import { TOOL_CALL_WITH_SECRETS } from './__tests__/sample-records';

const origin: Origin = { correlationId: 'audit-spec', actor: { kind: 'agent', id: 'token:default' } };

interface Row {
  message_id: string;
  subject: string;
  correlation_id: string | null;
  actor_id: string | null;
  valid: boolean;
  problems: string | null;
  headers: Record<string, string>;
  envelope: { data?: Record<string, unknown> } | null;
  body: string | null;
}

describe('audit', () => {
  let infrastructure: TestInfrastructure;
  let audit: InProcessService;
  let bus: MessageBus;
  let db: Client;

  const start = () =>
    startInProcessService(auditService, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
    });

  async function rowsFor(messageId: string, expected = 1, timeoutMs = 10_000): Promise<Row[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await db.query<Row>('SELECT * FROM audit.audit_messages WHERE message_id = $1', [
        messageId,
      ]);
      if (rows.length >= expected || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    audit = await start();
    bus = await MessageBus.connect(
      { service: 'audit-spec', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'audit-spec', level: 'silent' }),
    );
    db = new Client({ connectionString: infrastructure.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await bus?.close();
    await audit?.stop();
    await infrastructure?.stop();
  });

  it('should record a command with who sent it and for which user action', async () => {
    const command = await bus.publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'start' }, origin);
    const [row] = await rowsFor(command.id);
    expect(row).toMatchObject({
      subject: Subjects.proxmoxGuestPower,
      correlation_id: 'audit-spec',
      actor_id: 'token:default',
      valid: true,
    });
    expect(row?.envelope?.data).toEqual({ vmid: 100, action: 'start' });
    expect(row?.headers['Nats-Msg-Id']).toBe(command.id);
  });

  it('should redact secrets in the envelope and the headers', async () => {
    const event = bus.envelope(Subjects.mcpToolCalled, TOOL_CALL_WITH_SECRETS, origin);
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', event.id);
    headers.set('Authorization', 'Bearer sekret-token-value');
    await bus.jetstream.publish(Subjects.mcpToolCalled, JSON.stringify(event), { headers });
    const [row] = await rowsFor(event.id);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain('hunter2');
    expect(stored).not.toContain('abc"');
    expect(stored).not.toContain('sekret-token-value');
    expect(row?.envelope?.data?.arguments).toEqual({
      name: 'web-01',
      cipassword: '[REDACTED]',
      nested: { apiToken: '[REDACTED]' },
    });
    expect(row?.headers.Authorization).toBe('[REDACTED]');
  });

  it('should record a redelivered message once', async () => {
    const event = bus.envelope(
      Subjects.mcpToolCalled,
      { tool: 'list_guests', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 1 },
      origin,
    );
    await bus.jetstream.publish(Subjects.mcpToolCalled, JSON.stringify(event));
    await bus.jetstream.publish(Subjects.mcpToolCalled, JSON.stringify(event));
    const marker = await bus.publish(Subjects.proxmoxGuestPower, { vmid: 101, action: 'stop' }, origin);
    await rowsFor(marker.id);
    expect(await rowsFor(event.id, 2, 500)).toHaveLength(1);
  });

  it('should keep a message that breaks its contract, flagged with the reason', async () => {
    const id = randomUUID();
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', id);
    const broken = {
      ...bus.envelope(Subjects.proxmoxGuestPower, { vmid: 102, action: 'start' }, origin),
      id,
    };
    await bus.jetstream.publish(
      Subjects.proxmoxGuestPower,
      JSON.stringify({ ...broken, data: { vmid: 1 } }),
      { headers },
    );
    const [row] = await rowsFor(id);
    expect(row).toMatchObject({ valid: false, correlation_id: 'audit-spec' });
    expect(row?.problems).toContain('data.vmid');
    expect(row?.problems).toContain('data.action');
  });

  it('should keep a body that is not JSON as text', async () => {
    const id = randomUUID();
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', id);
    await bus.jetstream.publish('evt.unknown.thing', 'plain text, not an envelope', { headers });
    const [row] = await rowsFor(id);
    expect(row).toMatchObject({ valid: false, body: 'plain text, not an envelope', envelope: null });
  });

  it('should catch up on messages published while it was down', async () => {
    await audit.stop();
    const missed = await bus.publish(Subjects.proxmoxGuestPower, { vmid: 103, action: 'start' }, origin);
    audit = await start();
    expect(await rowsFor(missed.id)).toHaveLength(1);
  });

  describe('the hash chain', () => {
    const checkChain = () => audit.app.get(AuditLogStore).checkChain();
    const recordOne = async () => {
      const { id } = await bus.publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'start' }, origin);
      await rowsFor(id);
      return id;
    };

    it('should chain every row and find it whole', async () => {
      await recordOne();
      const result = await checkChain();
      expect(result.rows).toBeGreaterThan(0);
      expect(result.firstBreak).toBeUndefined();
      const { rows } = await db.query<{ chain_seq: string }>(
        'SELECT chain_seq FROM audit.audit_messages ORDER BY chain_seq',
      );
      expect(rows.map((row) => Number(row.chain_seq))).toEqual(rows.map((_, index) => index + 1));
    });

    it('should refuse UPDATE, DELETE and TRUNCATE in the database itself', async () => {
      const id = await recordOne();
      await expect(
        db.query(`UPDATE audit.audit_messages SET body = 'x' WHERE message_id = $1`, [id]),
      ).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(db.query(`DELETE FROM audit.audit_messages WHERE message_id = $1`, [id])).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      await expect(db.query(`TRUNCATE audit.audit_messages`)).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
    });

    it('should point at the altered row when someone with the power to bypass the triggers edits one', async () => {
      const id = await recordOne();
      await recordOne();
      // What only the database's owner could do: switch the guard off, edit, switch it on.
      await db.query('ALTER TABLE audit.audit_messages DISABLE TRIGGER audit_append_only');
      await db.query(`UPDATE audit.audit_messages SET actor_id = 'someone-else' WHERE message_id = $1`, [id]);
      await db.query('ALTER TABLE audit.audit_messages ENABLE TRIGGER audit_append_only');
      const { rows } = await db.query<{ chain_seq: string }>(
        'SELECT chain_seq FROM audit.audit_messages WHERE message_id = $1',
        [id],
      );
      expect((await checkChain()).firstBreak).toEqual({
        chainSeq: Number(rows[0]?.chain_seq),
        messageId: id,
        cause: 'hash-mismatch',
      });
    });
  });
});
