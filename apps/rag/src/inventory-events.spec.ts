import { durableName, MessageBus, Streams } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { inventoryGuest, pollUntil } from '@proxmox-mpc/testing';
import { setTimeout } from 'node:timers/promises';
import type { Client } from 'pg';
import { RagOnBus } from './__tests__/rag-on-bus';
import { PASS_HOLD_MS } from './ingest/sync-pass-gates';

const agent = (correlationId: string): Origin => ({
  correlationId,
  actor: { kind: 'service', id: 'proxmox-agent' },
});

/** The inventory's events into the knowledge index, over a real NATS and PostgreSQL. */
describe('rag: the inventory as proxmox-agent announces it', () => {
  let service: RagOnBus | undefined;
  let bus: MessageBus;
  let db: Client;

  /** The guests of `target` with a document in the index. */
  const indexed = async (target: string): Promise<string[]> =>
    (
      await db.query<{ path: string }>(
        `SELECT path FROM rag.knowledge_documents WHERE source = $1 ORDER BY path`,
        [`inventory.${target}`],
      )
    ).rows.map((row) => row.path);
  const indexedUntil = (target: string, count: number, timeoutMs = 30_000) =>
    pollUntil(
      () => indexed(target),
      (paths) => paths.length === count,
      timeoutMs,
      50,
    );

  beforeAll(async () => {
    service = await RagOnBus.start('inventory-events-spec', { RAG_PROJECT_DOCS: 'off' });
    ({ bus, db } = service);
  }, 180_000);

  afterAll(() => service?.stop());

  /** Guest events rag has been handed and not yet acknowledged. */
  const unacknowledged = async (): Promise<number> =>
    (
      await bus.manager.consumers.info(
        Streams.events.name,
        durableName('rag', Subjects.proxmoxInventoryGuestsCreated),
      )
    ).num_ack_pending;

  it("should index a sync pass's guests once the pass has ended, and a guest read after an operation at once", async () => {
    const pass = agent('inventory-sync:homelab:spec-pass');
    await bus.publish(
      Subjects.proxmoxInventoryGuestsCreated,
      { target: 'homelab', guests: [inventoryGuest(100), inventoryGuest(101)], pass: 'full' },
      pass,
    );

    // Handed to rag and held there, half a second on: neither acknowledged nor indexed.
    await pollUntil(unacknowledged, (count) => count === 1, 30_000, 50);
    await setTimeout(500);
    expect(await unacknowledged()).toBe(1);
    expect(await indexed('homelab')).toEqual([]);

    await bus.publish(
      Subjects.proxmoxInventorySynced,
      {
        target: 'homelab',
        mode: 'full',
        guests: 2,
        created: 2,
        updated: 0,
        deleted: 0,
        configsRead: 2,
        unreachableNodes: [],
        durationMs: 40,
      },
      pass,
    );

    // Let through by the pass's end, well before a pass whose end never came would be.
    expect(await indexedUntil('homelab', 2, PASS_HOLD_MS - 1_500)).toEqual(['homelab/100', 'homelab/101']);
    await bus.publish(
      Subjects.proxmoxInventoryGuestsCreated,
      { target: 'homelab', guests: [inventoryGuest(102)] },
      agent('operation-spec'),
    );
    expect(await indexedUntil('homelab', 3)).toEqual(['homelab/100', 'homelab/101', 'homelab/102']);
  });
});
