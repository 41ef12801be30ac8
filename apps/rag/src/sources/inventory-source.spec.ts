import { FakeClock } from '@proxmox-mpc/service-runtime';
import { LEDGER_GUEST } from '../__tests__/knowledge-fixture';
import { InMemoryPlatformFeeds } from '../feeds/in-memory-platform-feeds';
import { readStoredInventorySources } from './inventory-source';

const origin = { correlationId: 'c-1', actor: { kind: 'service' as const, id: 'rag' } };

describe(readStoredInventorySources.name, () => {
  it('should give the stored clusters as sources read now, leaving out one never synced', async () => {
    const feeds = new InMemoryPlatformFeeds();
    feeds.guests.set('homelab', [LEDGER_GUEST]);
    jest.spyOn(feeds, 'targets').mockResolvedValue(['homelab', 'fresh']);
    const clock = new FakeClock();

    const sources = await readStoredInventorySources(feeds, origin, clock);

    expect(sources.map((source) => [source.name, source.readAt])).toEqual([
      ['inventory.homelab', clock.now()],
    ]);
    expect((await sources[0]?.list())?.map((document) => document.path)).toEqual(['homelab/120']);
  });
});
