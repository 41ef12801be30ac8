import { buildEnvelope } from '@proxmox-mpc/bus';
import { MessageContracts, type Envelope } from '@proxmox-mpc/contracts';
import type { RecordPublisher } from '../tool-calls/tool-call-recorder';

/**
 * The bus as ToolCallRecorder sees it, keeping what JetStream acknowledged: `up`, `away`
 * (so records go to the outbox) or connected but never acknowledging (`no-ack`).
 */
export function fakeRecordPublisher(
  state: 'up' | 'away' | 'no-ack',
): RecordPublisher & { published: Envelope[]; attempts: string[] } {
  const bus = {
    published: [] as Envelope[],
    attempts: [] as string[],
    isConnected: () => state !== 'away',
    envelope: ((subject, data, origin, id) => {
      const contract = MessageContracts[subject];
      return buildEnvelope(subject, contract.type, contract.data, data, origin, 'mcp-edge', id);
    }) as RecordPublisher['envelope'],
    publishEnvelope: async (_subject: string, envelope: Envelope) => {
      bus.attempts.push(envelope.id);
      if (state === 'no-ack') throw new Error('TimeoutError: timeout');
      bus.published.push(envelope);
    },
  };
  return bus;
}
