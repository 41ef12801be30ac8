import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { InMemoryTransactions, Transactions } from '@proxmox-mpc/persistence';
import { createLogger } from '@proxmox-mpc/telemetry';
import { AGENT } from '../__tests__/operations';
import { fakeRecordPublisher } from '../__tests__/record-publisher';
import { ToolCallRecorder, type ToolCallRecord } from './tool-call-recorder';

const RECORD: ToolCallRecord = {
  tool: 'list_guests',
  transport: 'http',
  arguments: {},
  outcome: 'ok',
  durationMs: 12.5,
};
const ORIGIN: Origin = { correlationId: 'call-1', actor: { kind: 'agent', id: AGENT } };

/** A database that is away. */
class UnreachableDatabase extends Transactions {
  run<T>(): Promise<T> {
    return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  }
}

describe(ToolCallRecorder.name, () => {
  const logger = createLogger({ service: 'mcp-edge', level: 'silent' });

  it('should publish the record to the stream and keep nothing in the outbox', async () => {
    const outbox = new InMemoryEventOutbox();
    const bus = fakeRecordPublisher('up');

    await new ToolCallRecorder(new InMemoryTransactions(), outbox, bus, logger).record(RECORD, ORIGIN);

    expect(bus.published).toEqual([expect.objectContaining({ correlationId: 'call-1', data: RECORD })]);
    expect(outbox.added).toEqual([]);
  });

  it('should put the record in the outbox without trying the bus while it is away', async () => {
    const outbox = new InMemoryEventOutbox();
    const bus = fakeRecordPublisher('away');

    await new ToolCallRecorder(new InMemoryTransactions(), outbox, bus, logger).record(RECORD, ORIGIN);

    expect(outbox.dataOf(Subjects.mcpToolCalled)).toEqual([RECORD]);
    expect(bus.attempts).toEqual([]);
  });

  it('should put the record in the outbox under the same id when JetStream does not acknowledge it', async () => {
    const outbox = new InMemoryEventOutbox();
    const bus = fakeRecordPublisher('no-ack');

    await new ToolCallRecorder(new InMemoryTransactions(), outbox, bus, logger).record(RECORD, ORIGIN);

    expect(outbox.added.map((entry) => entry.envelope.id)).toEqual(bus.attempts);
  });

  it('should publish the record when the database is away', async () => {
    const bus = fakeRecordPublisher('up');

    await new ToolCallRecorder(new UnreachableDatabase(), new InMemoryEventOutbox(), bus, logger).record(
      RECORD,
      ORIGIN,
    );

    expect(bus.published).toHaveLength(1);
  });
});
