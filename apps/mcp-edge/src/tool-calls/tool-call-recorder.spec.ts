import { buildEnvelope, InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { MessageContracts, Subjects, type Envelope, type Origin } from '@proxmox-mpc/contracts';
import { InMemoryTransactions, Transactions } from '@proxmox-mpc/persistence';
import { createLogger } from '@proxmox-mpc/telemetry';
import { AGENT } from '../__tests__/operations';
import { ToolCallRecorder, type DirectPublisher, type ToolCallRecord } from './tool-call-recorder';

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

/** The bus, keeping what was published directly. */
function directBus(): DirectPublisher & { published: Envelope[] } {
  const published: Envelope[] = [];
  return {
    published,
    envelope: (subject, data, origin, id) => {
      const contract = MessageContracts[subject];
      return buildEnvelope(subject, contract.type, contract.data, data, origin, 'mcp-edge', id);
    },
    publishEnvelope: async (_subject, envelope) => {
      published.push(envelope);
    },
  };
}

describe(ToolCallRecorder.name, () => {
  const logger = createLogger({ service: 'mcp-edge', level: 'silent' });

  it('should put the record in the outbox', async () => {
    const outbox = new InMemoryEventOutbox();
    const bus = directBus();

    await new ToolCallRecorder(new InMemoryTransactions(), outbox, bus, logger).record(RECORD, ORIGIN);

    expect(outbox.dataOf(Subjects.mcpToolCalled)).toEqual([RECORD]);
    expect(bus.published).toEqual([]);
  });

  it('should publish the record directly when the database refuses it', async () => {
    const bus = directBus();

    await new ToolCallRecorder(new UnreachableDatabase(), new InMemoryEventOutbox(), bus, logger).record(
      RECORD,
      ORIGIN,
    );

    expect(bus.published).toEqual([expect.objectContaining({ correlationId: 'call-1', data: RECORD })]);
  });
});
